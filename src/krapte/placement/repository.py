"""Storing placement rounds and runs in the database (adapter; the core never imports it).

A round is stored after the same all-or-nothing validation as the files (a :class:`LoadedRound`
comes only out of :func:`krapte.placement.core.validation.load_round`); reading it back gives the
domain records, which encode to the same arrays.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from sqlalchemy import func, insert, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from krapte.placement.tables import (
    PlacementAssignment,
    PlacementOffer,
    PlacementPreference,
    PlacementRound,
    PlacementRun,
    PlacementStudent,
)
from krapte.placement.core.encode import encode
from krapte.placement.files import check_output_folder
from krapte.placement.core.instance import IntArray
from krapte.placement.core.model import (
    MAX_INTEGER,
    MAX_ROUND_NAME_LENGTH,
    Offer,
    Student,
    offer_cells,
    offer_from_cells,
)
from krapte.placement.core.model import PlacementRound as RoundRecords
from krapte.placement.service import (
    InputPaths,
    Progress,
    RunSummary,
    compute_run,
    load,
    quiet,
    write_run,
)
from krapte.placement.core.validation import (
    DEFAULT_MAX_CHOICES,
    OFFER_COLUMNS,
    OFFER_OPTIONAL,
    LoadedRound,
)


class StorageError(Exception):
    """A Dutch message about a stored round."""


def store_round(session: Session, name: str, loaded: LoadedRound, max_choices: int) -> int:
    """Store a validated round under ``name``; return its id."""
    if len(name) > MAX_ROUND_NAME_LENGTH:
        raise StorageError(
            f"naam van de ronde is te lang: {len(name)} tekens, hoogstens {MAX_ROUND_NAME_LENGTH}"
        )
    if session.scalar(select(PlacementRound.id).where(PlacementRound.name == name)) is not None:
        raise StorageError(f"ronde '{name}' bestaat al")
    stored = PlacementRound(name=name, max_choices=max_choices, created_at=datetime.now(UTC))
    session.add(stored)
    session.flush()
    round_id = stored.id
    session.execute(
        insert(PlacementOffer),
        [
            {"round_id": round_id, "position": index, **offer_cells(offer)}
            for index, offer in enumerate(loaded.offers)
        ],
    )
    session.execute(
        insert(PlacementStudent),
        [
            {
                "round_id": round_id, "student_id": s.student_id, "school": s.school,
                "programme": s.programme, "level": s.level, "study_year": s.study_year,
                "municipality": s.municipality,
            }
            for s in loaded.students
        ],
    )  # fmt: skip
    encoded = loaded.encoded
    ptr, offers = encoded.instance.pref_ptr.tolist(), encoded.instance.pref_offer.tolist()
    preferences = [
        {
            "round_id": round_id,
            "student_id": student_id,
            "rank": entry - ptr[student] + 1,
            "offer_id": encoded.offer_ids[offers[entry]],
        }
        for student, student_id in enumerate(encoded.student_ids)
        for entry in range(ptr[student], ptr[student + 1])
    ]
    if preferences:
        session.execute(insert(PlacementPreference), preferences)
    return round_id


def _offer(stored: PlacementOffer) -> Offer:
    cells = {column: str(getattr(stored, column)) for column in OFFER_COLUMNS + OFFER_OPTIONAL}
    offer, problems = offer_from_cells(cells)
    if problems:
        column, message = problems[0]
        raise StorageError(f"bewaard aanbod '{stored.offer_id}', kolom '{column}': {message}")
    return offer


def fetch_round(session: Session, name: str) -> tuple[RoundRecords, int]:
    """The stored round ``name`` as domain records, with its maximum list length."""
    stored = session.scalar(select(PlacementRound).where(PlacementRound.name == name))
    if stored is None:
        raise StorageError(f"ronde '{name}' bestaat niet")
    offers = tuple(
        _offer(o)
        for o in session.scalars(
            select(PlacementOffer)
            .where(PlacementOffer.round_id == stored.id)
            .order_by(PlacementOffer.position)
        )
    )  # fmt: skip
    students = tuple(
        Student(
            student_id=s.student_id, school=s.school, programme=s.programme, level=s.level,
            study_year=s.study_year, municipality=s.municipality,
        )
        for s in session.scalars(
            select(PlacementStudent).where(PlacementStudent.round_id == stored.id)
        )
    )  # fmt: skip
    lists: dict[str, list[str]] = {}
    for student_id, offer_id in session.execute(
        select(PlacementPreference.student_id, PlacementPreference.offer_id)
        .where(PlacementPreference.round_id == stored.id)
        .order_by(PlacementPreference.student_id, PlacementPreference.rank)
    ):
        lists.setdefault(student_id, []).append(offer_id)
    preferences = {student_id: tuple(choices) for student_id, choices in lists.items()}
    return RoundRecords(offers=offers, students=students, preferences=preferences), (
        stored.max_choices
    )


def store_run(
    session: Session,
    round_name: str,
    manifest: dict[str, object],
    student_ids: list[str],
    offer_ids: list[str],
    assigned: IntArray,
    ranks: IntArray,
    lottery: IntArray,
) -> int:
    """Store one run of a stored round: its manifest and every student's outcome."""
    round_id = session.scalar(select(PlacementRound.id).where(PlacementRound.name == round_name))
    if round_id is None:
        raise StorageError(f"ronde '{round_name}' bestaat niet")
    matched = int((assigned >= 0).sum())
    run = PlacementRun(
        round_id=round_id,
        seed=int(str(manifest.get("seed", 0))),
        engine_version=str(manifest.get("engine_version", "")),
        created_at=datetime.now(UTC),
        matched=matched,
        unmatched=len(student_ids) - matched,
        manifest=json.dumps(manifest, ensure_ascii=False, sort_keys=True),
    )
    session.add(run)
    session.flush()
    rows = [
        {
            "run_id": run.id,
            "student_id": student_id,
            "offer_id": offer_ids[offer] if offer >= 0 else "",
            "rank_obtained": rank,
            "lottery_number": number,
        }
        for student_id, offer, rank, number in zip(
            student_ids, assigned.tolist(), ranks.tolist(), lottery.tolist(), strict=True
        )
    ]
    if rows:
        session.execute(insert(PlacementAssignment), rows)
    return run.id


def import_round(
    session: Session, name: str, paths: InputPaths, max_choices: int = DEFAULT_MAX_CHOICES
) -> int:
    """Validate the three files and store them as round ``name`` (all or nothing)."""
    return store_round(session, name, load(paths, max_choices), max_choices)


def run_stored_round(
    session: Session, name: str, seed: int, out: Path, progress: Progress | None = None
) -> RunSummary:
    """Allocate a stored round, store the run, then write the output folder (the last step).

    All or nothing: when storing fails no folder is written; when writing the folder fails the
    exception reaches the caller, whose transaction rolls the stored run back.
    """
    if not 0 <= seed <= MAX_INTEGER:
        raise StorageError(f"de startwaarde moet tussen 0 en {MAX_INTEGER} liggen, niet {seed}")
    check_output_folder(out)
    records, max_choices = fetch_round(session, name)
    encoded = encode(records)
    loaded = LoadedRound(
        offers=records.offers,
        students=records.students,
        encoded=encoded,
        entry_rows=np.arange(encoded.instance.n_entries, dtype=np.int64),
    )
    computed = compute_run(
        loaded, seed, out, max_choices, {"round": {"name": name, "sha256": ""}}, progress or quiet
    )
    summary = computed.summary
    store_run(
        session,
        name,
        summary.manifest,
        encoded.student_ids,
        encoded.offer_ids,
        summary.offer,
        summary.ranks,
        summary.lottery,
    )
    session.flush()
    return write_run(computed, progress or quiet)


def list_rounds(session: Session) -> list[dict[str, object]]:
    """Every stored round with its size and the number of runs, oldest first."""
    rounds = session.scalars(select(PlacementRound).order_by(PlacementRound.id)).all()
    result: list[dict[str, object]] = []
    for stored in rounds:
        result.append(
            {
                "name": stored.name,
                "max_choices": stored.max_choices,
                "created_at": stored.created_at.isoformat(timespec="seconds"),
                "offers": _count(session, PlacementOffer.round_id, stored.id),
                "students": _count(session, PlacementStudent.round_id, stored.id),
                "runs": _count(session, PlacementRun.round_id, stored.id),
            }
        )
    return result


def _count(session: Session, column: InstrumentedAttribute[int], round_id: int) -> int:
    return session.scalar(select(func.count()).where(column == round_id)) or 0
