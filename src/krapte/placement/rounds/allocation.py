"""Allocating a round from the database: run the engine, record the run, publish it, reproduce it.

The engine is the one of ``krapte placement run`` (:func:`krapte.placement.service.compute_run`)
on the round read back from the database (:mod:`krapte.placement.rounds.round_input`), so a run in
the browser equals a run of the same round's files with the same seed. Every run records its kind,
seed, engine version, input checksum, time and who started it; its statistics and stability check
are kept in its manifest. The first run moves a closed round to 'toegewezen'; later runs add runs
and replace nothing. Publishing chooses one run (the latest by default).
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

import krapte
from krapte.accounts.core.permissions import Actor, require
from krapte.errors import NotFound, WrongPhase
from krapte.placement import repository
from krapte.placement.core.calendar import Phase
from krapte.placement.core.encode import Encoded
from krapte.placement.core.instance import IntArray, draw_lottery, prepare
from krapte.placement.core.matching import deferred_acceptance
from krapte.placement.core.model import MAX_INTEGER
from krapte.placement.core.statistics import RunStatistics
from krapte.placement.rounds.round_input import read_round_input
from krapte.placement.rounds.state import RoundInfo, authorise, round_info, stored_round
from krapte.placement.service import RunSummary, StatusQuoSummary, check_seed, compare_status_quo
from krapte.placement.service import compute_run as compute_engine_run
from krapte.placement.tables import PlacementAssignment, PlacementOffer, PlacementRun

if TYPE_CHECKING:
    from krapte.db.uow import UnitOfWork

MAIN = "main"
FOLLOWUP = "followup"
SEED_LIMIT = 2**31
"""Drawn seeds lie in 0 .. 2**31 - 1 (the stored seed is a 32-bit integer)."""


@dataclass(frozen=True)
class RunInfo:
    """One recorded run of a round."""

    id: int
    round_id: int
    kind: str
    seed: int
    engine_version: str
    input_sha256: str
    created_at: datetime
    created_by: str
    matched: int
    unmatched: int
    published: bool

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "round_id": self.round_id,
            "kind": self.kind,
            "seed": self.seed,
            "engine_version": self.engine_version,
            "input_sha256": self.input_sha256,
            "created_at": self.created_at.isoformat(timespec="seconds"),
            "created_by": self.created_by,
            "matched": self.matched,
            "unmatched": self.unmatched,
            "published": self.published,
        }


@dataclass(frozen=True)
class FillRate:
    """Places of a sector or province, how many stay free, and the share filled (percent)."""

    name: str
    places: int
    free: int

    @property
    def filled_percent(self) -> float | None:
        return 100 * (self.places - self.free) / self.places if self.places else None


@dataclass(frozen=True)
class RunDetail:
    run: RunInfo
    statistics: RunStatistics
    stable: bool
    blocking_pairs: int
    violations: int
    by_sector: tuple[FillRate, ...] = ()
    by_province: tuple[FillRate, ...] = ()


def _fill_rates(
    session: Session, round_id: int, column: str, free: dict[str, int]
) -> tuple[FillRate, ...]:
    key = getattr(PlacementOffer, column)
    query = (
        select(key, func.sum(PlacementOffer.capacity))
        .where(PlacementOffer.round_id == round_id)
        .group_by(key)
        .order_by(key)
    )
    return tuple(
        FillRate(name, int(places or 0), free.get(name, 0))
        for name, places in session.execute(query)
    )


def run_info(stored: PlacementRun, published_run_id: int | None) -> RunInfo:
    created = stored.created_at
    if created.tzinfo is None:  # SQLite gives naive datetimes back; stored moments are UTC
        created = created.replace(tzinfo=UTC)
    return RunInfo(
        id=stored.id,
        round_id=stored.round_id,
        kind=stored.kind,
        seed=stored.seed,
        engine_version=stored.engine_version,
        input_sha256=stored.input_sha256,
        created_at=created,
        created_by=stored.created_by,
        matched=stored.matched,
        unmatched=stored.unmatched,
        published=stored.id == published_run_id,
    )


def record_run(
    session: Session,
    info: RoundInfo,
    summary: RunSummary,
    encoded: Encoded,
    *,
    kind: str,
    input_sha256: str,
    actor: Actor,
) -> PlacementRun:
    """Store a computed run (its outcome per student) with its record; return the row."""
    manifest = {**summary.manifest, "statistics": summary.statistics.as_dict(), "kind": kind}
    run_id = repository.store_run(
        session,
        info.name,
        repository.RunRecord(
            seed=summary.seed,
            engine_version=krapte.__version__,
            manifest=manifest,
            student_ids=encoded.student_ids,
            offer_ids=encoded.offer_ids,
            assigned=summary.offer,
            ranks=summary.ranks,
            lottery=summary.lottery,
        ),
    )
    stored = session.get(PlacementRun, run_id)
    assert stored is not None
    stored.kind = kind
    stored.input_sha256 = input_sha256
    stored.created_by = actor.name or f"gebruiker {actor.user_id}"
    session.flush()
    return stored


def choose_seed(seed: int | None) -> int:
    if seed is None:
        return secrets.randbelow(SEED_LIMIT)
    check_seed(seed, maximum=MAX_INTEGER)
    return seed


def allocate(uow: UnitOfWork, actor: Actor, round_id: int, seed: int | None = None) -> RunInfo:
    """Run the allocation of a closed (or already allocated) round and record the run."""
    with uow:
        stored = stored_round(uow.session, round_id, for_update=True)
        info = round_info(stored)
        authorise(actor, "round.allocate", info)
        chosen = choose_seed(seed)
        data = read_round_input(uow.session, round_id)
        inputs = {"database": {"round": info.name, "sha256": data.sha256}}
        computed = compute_engine_run(data.loaded, chosen, Path(), data.max_choices, inputs)
        run = record_run(
            uow.session,
            info,
            computed.summary,
            data.loaded.encoded,
            kind=MAIN,
            input_sha256=data.sha256,
            actor=actor,
        )
        if info.phase is Phase.CLOSED:
            stored.phase = Phase.ALLOCATED.value
        found = run_info(run, stored.published_run_id)
        uow.commit()
        return found


def _run_of(session: Session, round_id: int, run_id: int) -> PlacementRun:
    stored = session.get(PlacementRun, run_id)
    if stored is None or stored.round_id != round_id:
        raise NotFound(f"run {run_id} van stageronde {round_id} bestaat niet")
    return stored


def publish(uow: UnitOfWork, actor: Actor, round_id: int, run_id: int | None = None) -> RoundInfo:
    """Publish a main run (the latest when none is given): everyone sees its outcome."""
    with uow:
        stored = stored_round(uow.session, round_id, for_update=True)
        authorise(actor, "round.publish", round_info(stored))
        if run_id is None:
            query = (
                select(PlacementRun.id)
                .where(PlacementRun.round_id == round_id, PlacementRun.kind == MAIN)
                .order_by(PlacementRun.id.desc())
                .limit(1)
            )
            run_id = uow.session.scalar(query)
            if run_id is None:  # pragma: no cover - an allocated round has a run
                raise WrongPhase("er is nog geen toewijzing om te publiceren")
        run = _run_of(uow.session, round_id, run_id)
        if run.kind != MAIN:
            raise WrongPhase("alleen een toewijzing van de hoofdronde kan gepubliceerd worden")
        stored.published_run_id = run.id
        stored.phase = Phase.PUBLISHED.value
        uow.flush()
        info = round_info(stored)
        uow.commit()
        return info


def list_runs(uow: UnitOfWork, actor: Actor, round_id: int) -> list[RunInfo]:
    """Every run of the round, newest first."""
    require(actor, "round.statistics")
    with uow:
        stored = stored_round(uow.session, round_id)
        query = (
            select(PlacementRun)
            .where(PlacementRun.round_id == round_id)
            .order_by(PlacementRun.id.desc())
        )
        return [run_info(run, stored.published_run_id) for run in uow.session.scalars(query)]


def run_detail(uow: UnitOfWork, actor: Actor, round_id: int, run_id: int) -> RunDetail:
    """A run with its statistics and stability check (as recorded when it ran)."""
    require(actor, "round.statistics")
    with uow:
        stored = stored_round(uow.session, round_id)
        run = _run_of(uow.session, round_id, run_id)
        manifest = json.loads(run.manifest or "{}")
        statistics = RunStatistics(**manifest["statistics"])
        return RunDetail(
            run=run_info(run, stored.published_run_id),
            statistics=statistics,
            stable=bool(manifest.get("stable", False)),
            blocking_pairs=int(manifest.get("blocking_pairs", 0)),
            violations=int(manifest.get("violations", 0)),
            by_sector=_fill_rates(
                uow.session, round_id, "sector", statistics.unfilled_places_by_sector
            ),
            by_province=_fill_rates(
                uow.session, round_id, "province", statistics.unfilled_places_by_province
            ),
        )


@dataclass(frozen=True)
class StoredOutcome:
    """A run's outcome per student of ``encoded`` (students of the run missing: ``complete``
    is false)."""

    assigned: IntArray
    ranks: IntArray
    lottery: IntArray
    complete: bool


def stored_outcome(session: Session, run_id: int, encoded: Encoded) -> StoredOutcome:
    n = len(encoded.student_ids)
    assigned = np.full(n, -1, dtype=np.int64)
    ranks = np.zeros(n, dtype=np.int64)
    lottery = np.zeros(n, dtype=np.int64)
    index, offers = encoded.student_index, encoded.offer_index
    seen = 0
    complete = True
    query = select(
        PlacementAssignment.student_id,
        PlacementAssignment.offer_id,
        PlacementAssignment.rank_obtained,
        PlacementAssignment.lottery_number,
    ).where(PlacementAssignment.run_id == run_id)
    for student_id, offer_id, rank, number in session.execute(query):
        position = index.get(student_id)
        if position is None or (offer_id and offer_id not in offers):
            complete = False
            continue
        seen += 1
        assigned[position] = offers[offer_id] if offer_id else -1
        ranks[position] = rank
        lottery[position] = number
    return StoredOutcome(assigned, ranks, lottery, complete and seen == n)


@dataclass(frozen=True)
class Reproduction:
    run_id: int
    identical: bool
    checksum_matches: bool

    @property
    def message(self) -> str:
        checksum = (
            "De invoer is dezelfde als bij de run (controlegetal klopt)."
            if self.checksum_matches
            else "De invoer is gewijzigd sinds de run (controlegetal verschilt)."
        )
        outcome = (
            "Opnieuw berekend met dezelfde startwaarde: de toewijzing is identiek."
            if self.identical
            else "Opnieuw berekend met dezelfde startwaarde: de toewijzing verschilt."
        )
        return f"{outcome} {checksum}"


def reproduce_run(uow: UnitOfWork, actor: Actor, round_id: int, run_id: int) -> Reproduction:
    """Recompute a recorded run from the stored input with its seed and compare."""
    from krapte.placement.rounds.followup_service import recompute_followup

    require(actor, "round.statistics")
    with uow:
        stored_round(uow.session, round_id)
        run = _run_of(uow.session, round_id, run_id)
        data = read_round_input(uow.session, round_id)
        encoded = data.loaded.encoded
        if run.kind == FOLLOWUP:
            base_id = int(json.loads(run.manifest).get("base_run_id", 0))
            assigned, lottery, sha = recompute_followup(
                uow.session, round_id, data, base_id, run.seed
            )
        else:
            lottery = draw_lottery(encoded.instance.n_students, run.seed)
            assigned = deferred_acceptance(prepare(encoded.instance, lottery)).offer
            sha = data.sha256
        recorded = stored_outcome(uow.session, run_id, encoded)
        identical = (
            recorded.complete
            and np.array_equal(recorded.assigned, assigned)
            and np.array_equal(recorded.lottery, lottery)
        )
        return Reproduction(run_id, bool(identical), sha == run.input_sha256)


def status_quo(uow: UnitOfWork, actor: Actor, round_id: int, seed: int = 1) -> StatusQuoSummary:
    """Today's application rounds simulated on this round's lists, beside the allocation."""
    require(actor, "round.statistics")
    with uow:
        stored_round(uow.session, round_id)
        data = read_round_input(uow.session, round_id)
        return compare_status_quo(data.loaded, seed).summary


def lottery_rows(uow: UnitOfWork, actor: Actor, round_id: int) -> list[tuple[str, int]]:
    """The published lottery: every student's pseudonym and lottery number, by number."""
    with uow:
        stored = stored_round(uow.session, round_id)
        authorise(actor, "round.lottery", round_info(stored))
        query = (
            select(PlacementAssignment.student_id, PlacementAssignment.lottery_number)
            .where(PlacementAssignment.run_id == stored.published_run_id)
            .order_by(PlacementAssignment.lottery_number)
        )
        return [(student_id, int(number)) for student_id, number in uow.session.execute(query)]
