"""The follow-up round: free places after publication, and allocating them to the unplaced.

Free places per offer are its capacity minus the students placed there in the published run. In
the follow-up phase unplaced students rank free places (``placement_followup_preference``, kept by
the students' pages); :func:`run_followup` allocates them with the core's follow-up
(:func:`krapte.placement.core.followup.followup`: nobody placed moves), records it as a run of kind
``followup`` on top of the published run, and publishes it, so every result shows the new place.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from krapte.accounts.core.permissions import Actor
from krapte.errors import Conflict
from krapte.placement.core.followup import FollowupResult, followup
from krapte.placement.core.instance import IntArray, csr, draw_lottery
from krapte.placement.core.matching import deferred_acceptance
from krapte.placement.core.stability import CheckReport, check_assignment
from krapte.placement.rounds.allocation import (
    FOLLOWUP,
    RunInfo,
    StoredOutcome,
    choose_seed,
    record_run,
    run_info,
    stored_outcome,
)
from krapte.placement.rounds.round_input import RoundInput, read_round_input
from krapte.placement.rounds.state import authorise, round_info, stored_round
from krapte.placement.run_files import manifest, statistics_of
from krapte.placement.service import RunSummary, round_notes
from krapte.placement.tables import (
    PlacementAssignment,
    PlacementFollowupPreference,
    PlacementOffer,
)
from krapte.tabular import write_csv

if TYPE_CHECKING:
    from krapte.db.uow import UnitOfWork


@dataclass(frozen=True)
class FreePlace:
    offer_id: str
    organisation: str
    municipality: str
    province: str
    sector: str
    capacity: int
    placed: int

    @property
    def free(self) -> int:
        return max(self.capacity - self.placed, 0)

    def as_dict(self) -> dict[str, object]:
        return {
            "offer_id": self.offer_id,
            "organisation": self.organisation,
            "municipality": self.municipality,
            "province": self.province,
            "sector": self.sector,
            "capacity": self.capacity,
            "placed": self.placed,
            "free": self.free,
        }


FREE_PLACE_COLUMNS = (
    "offer_id", "organisation", "municipality", "province", "sector", "capacity", "placed", "free",
)  # fmt: skip


def free_places(uow: UnitOfWork, actor: Actor, round_id: int) -> list[FreePlace]:
    """Every offer with places left in the published run, in the order of the offers."""
    with uow:
        stored = stored_round(uow.session, round_id)
        authorise(actor, "round.free_places", round_info(stored))
        placed_query = (
            select(PlacementAssignment.offer_id, func.count())
            .where(
                PlacementAssignment.run_id == stored.published_run_id,
                PlacementAssignment.offer_id != "",
            )
            .group_by(PlacementAssignment.offer_id)
        )
        placed: dict[str, int] = {
            offer_id: int(count) for offer_id, count in uow.session.execute(placed_query)
        }
        offers = uow.session.scalars(
            select(PlacementOffer)
            .where(PlacementOffer.round_id == round_id)
            .order_by(PlacementOffer.position)
        )
        found = [
            FreePlace(
                o.offer_id, o.organisation, o.municipality, o.province, o.sector, o.capacity,
                placed.get(o.offer_id, 0),
            )
            for o in offers
        ]  # fmt: skip
        return [place for place in found if place.free > 0]


@dataclass(frozen=True)
class FollowupComputed:
    done: FollowupResult
    lottery: IntArray
    ranks: IntArray
    report: CheckReport
    rounds: int
    sha256: str


def _followup_lists(
    session: Session, round_id: int, data: RoundInput
) -> tuple[IntArray, IntArray, str]:
    """The follow-up lists (CSR over the encoded students) and their canonical CSV text."""
    encoded = data.loaded.encoded
    lists: dict[str, list[str]] = {}
    query = (
        select(PlacementFollowupPreference.student_id, PlacementFollowupPreference.offer_id)
        .where(PlacementFollowupPreference.round_id == round_id)
        .order_by(PlacementFollowupPreference.student_id, PlacementFollowupPreference.rank)
    )
    for student_id, offer_id in session.execute(query):
        lists.setdefault(student_id, []).append(offer_id)
    ptr, offers = csr(
        [[encoded.offer_index[o] for o in lists.get(sid, ())] for sid in encoded.student_ids]
    )
    text = io.StringIO()
    write_csv(
        text,
        ("student_id", "rank", "offer_id"),
        (
            (sid, rank, offer_id)
            for sid in sorted(lists)
            for rank, offer_id in enumerate(lists[sid], start=1)
        ),
    )
    return ptr, offers, text.getvalue()


def compute_followup(
    session: Session, round_id: int, data: RoundInput, base: StoredOutcome, base_id: int, seed: int
) -> FollowupComputed:
    """The follow-up of ``base`` (a stored run) with the stored follow-up lists and ``seed``."""
    instance = data.loaded.encoded.instance
    ptr, offers, lists_text = _followup_lists(session, round_id, data)
    lottery = draw_lottery(instance.n_students, seed)
    done = followup(instance, base.assigned, ptr, offers, lottery)
    new_result = deferred_acceptance(done.table)
    ranks = np.where(base.assigned >= 0, base.ranks, new_result.rank(done.table))
    report = check_assignment(done.table, np.where(base.assigned >= 0, -1, done.offer))
    canonical = f"{data.sha256}\nbase_run={base_id}\n{lists_text}"
    sha = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    return FollowupComputed(done, lottery, ranks, report, new_result.rounds, sha)


def recompute_followup(
    session: Session, round_id: int, data: RoundInput, base_id: int, seed: int
) -> tuple[IntArray, IntArray, str]:
    """Assignment, lottery and input checksum of a follow-up run, computed again."""
    base = stored_outcome(session, base_id, data.loaded.encoded)
    computed = compute_followup(session, round_id, data, base, base_id, seed)
    return computed.done.offer, computed.lottery, computed.sha256


def run_followup(uow: UnitOfWork, actor: Actor, round_id: int, seed: int | None = None) -> RunInfo:
    """Allocate the free places to the unplaced students' follow-up lists; record and publish."""
    with uow:
        stored = stored_round(uow.session, round_id, for_update=True)
        info = round_info(stored)
        authorise(actor, "round.followup", info)
        chosen = choose_seed(seed)
        base_id = stored.published_run_id
        if base_id is None:  # pragma: no cover - the follow-up phase comes after publication
            raise Conflict("er is geen gepubliceerde toewijzing om op verder te bouwen")
        data = read_round_input(uow.session, round_id)
        loaded = data.loaded
        base = stored_outcome(uow.session, base_id, loaded.encoded)
        if not base.complete:
            raise Conflict(
                "de studenten of het aanbod van de ronde zijn gewijzigd sinds de publicatie; "
                "de opvolgronde kan niet op de gepubliceerde toewijzing verder bouwen"
            )
        computed = compute_followup(uow.session, round_id, data, base, base_id, chosen)
        done = computed.done
        statistics = replace(
            statistics_of(loaded, computed.ranks, done.offer), placed_in_followup=len(done.new)
        )
        inputs = {"database": {"round": info.name, "sha256": computed.sha256}}
        described = manifest("followup", inputs, chosen, data.max_choices, computed.report, loaded)
        described["base_run_id"] = base_id
        summary = RunSummary(
            out=Path(),
            seed=chosen,
            statistics=statistics,
            report=computed.report,
            rounds=computed.rounds,
            notes=round_notes(loaded),
            manifest=described,
            offer=done.offer,
            ranks=computed.ranks,
            lottery=computed.lottery,
        )
        run = record_run(
            uow.session,
            info,
            summary,
            loaded.encoded,
            kind=FOLLOWUP,
            input_sha256=computed.sha256,
            actor=actor,
        )
        stored.published_run_id = run.id
        found = run_info(run, run.id)
        uow.commit()
        return found
