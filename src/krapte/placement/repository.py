"""Storing placement rounds and runs in the database (adapter; the core never imports it).

Takes a session (``uow.session``) and returns domain records: a stored round reads back as a
:class:`PlacementRound` of records that encode to the same arrays as the files it came from; the
list of rounds as :class:`RoundSummary` records.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.selectable import ScalarSelect

from krapte.errors import NotFound
from krapte.placement.core.instance import IntArray
from krapte.placement.core.model import (
    Offer,
    RoundSummary,
    Student,
    offer_cells,
    offer_from_cells,
)
from krapte.placement.core.model import PlacementRound as RoundRecords
from krapte.placement.core.validation import OFFER_COLUMNS, OFFER_OPTIONAL, LoadedRound
from krapte.placement.tables import (
    PlacementAssignment,
    PlacementOffer,
    PlacementPreference,
    PlacementRound,
    PlacementRun,
    PlacementStudent,
)


def round_exists(session: Session, name: str) -> bool:
    return session.scalar(select(PlacementRound.id).where(PlacementRound.name == name)) is not None


def store_round(session: Session, name: str, loaded: LoadedRound, max_choices: int) -> int:
    """Store a validated round under ``name``; return its id."""
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
    students = [
        {
            "round_id": round_id, "student_id": s.student_id, "school": s.school,
            "programme": s.programme, "level": s.level, "study_year": s.study_year,
            "municipality": s.municipality,
        }
        for s in loaded.students
    ]  # fmt: skip
    if students:
        session.execute(insert(PlacementStudent), students)
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
    if problems:  # pragma: no cover - only rows that passed the same codec are stored
        column, message = problems[0]
        raise ValueError(f"stored offer '{stored.offer_id}', column '{column}': {message}")
    return offer


@dataclass(frozen=True)
class StoredRound:
    records: RoundRecords
    max_choices: int


def fetch_round(session: Session, name: str) -> StoredRound:
    """The stored round ``name`` as domain records, with its maximum list length."""
    stored = session.scalar(select(PlacementRound).where(PlacementRound.name == name))
    if stored is None:
        raise NotFound(f"ronde '{name}' bestaat niet")
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
    records = RoundRecords(offers=offers, students=students, preferences=preferences)
    return StoredRound(records=records, max_choices=stored.max_choices)


@dataclass(frozen=True)
class RunRecord:
    """One run of a stored round, as it is stored."""

    seed: int
    engine_version: str
    manifest: dict[str, object]
    student_ids: list[str]
    offer_ids: list[str]
    assigned: IntArray
    ranks: IntArray
    lottery: IntArray


def store_run(session: Session, round_name: str, run: RunRecord) -> int:
    """Store one run of a stored round: its manifest and every student's outcome."""
    round_id = session.scalar(select(PlacementRound.id).where(PlacementRound.name == round_name))
    if round_id is None:
        raise NotFound(f"ronde '{round_name}' bestaat niet")
    matched = int(np.count_nonzero(run.assigned >= 0))
    stored = PlacementRun(
        round_id=round_id,
        seed=run.seed,
        engine_version=run.engine_version,
        created_at=datetime.now(UTC),
        matched=matched,
        unmatched=len(run.student_ids) - matched,
        manifest=json.dumps(run.manifest, ensure_ascii=False, sort_keys=True),
    )
    session.add(stored)
    session.flush()
    rows = [
        {
            "run_id": stored.id,
            "student_id": student_id,
            "offer_id": run.offer_ids[offer] if offer >= 0 else "",
            "rank_obtained": rank,
            "lottery_number": number,
        }
        for student_id, offer, rank, number in zip(
            run.student_ids,
            run.assigned.tolist(),
            run.ranks.tolist(),
            run.lottery.tolist(),
            strict=True,
        )
    ]
    if rows:
        session.execute(insert(PlacementAssignment), rows)
    return stored.id


def list_rounds(session: Session) -> list[RoundSummary]:
    """Every stored round with its size and the number of runs, oldest first (one query)."""

    def count(table: type[PlacementOffer | PlacementStudent | PlacementRun]) -> ScalarSelect[int]:
        return (
            select(func.count())
            .where(table.round_id == PlacementRound.id)
            .correlate(PlacementRound)
            .scalar_subquery()
        )

    query = select(
        PlacementRound.name,
        PlacementRound.max_choices,
        PlacementRound.created_at,
        count(PlacementOffer),
        count(PlacementStudent),
        count(PlacementRun),
    ).order_by(PlacementRound.id)
    return [
        RoundSummary(
            name=name, max_choices=max_choices, created_at=created_at, offers=offers,
            students=students, runs=runs,
        )
        for name, max_choices, created_at, offers, students, runs in session.execute(query)
    ]  # fmt: skip
