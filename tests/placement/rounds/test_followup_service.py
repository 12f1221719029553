"""The follow-up round: free places after publication and the unplaced students' second chance."""

from __future__ import annotations

import pytest
from sqlalchemy import insert, select

from krapte.bootstrap import Container
from krapte.errors import Forbidden, Unauthenticated, WrongPhase
from krapte.placement.core.calendar import Phase
from krapte.placement.rounds import allocation, calendar_service, followup_service
from krapte.placement.tables import (
    PlacementAssignment,
    PlacementFollowupPreference,
    PlacementRound,
)
from placement.rounds.admin_builders import ROUND_ADMIN, STRANGERS, STUDENT, stored_round


def published(container: Container) -> tuple[int, int]:
    round_id = stored_round(container, Phase.CLOSED)
    run = allocation.allocate(container.unit_of_work(write=True), ROUND_ADMIN, round_id, seed=6)
    allocation.publish(container.unit_of_work(write=True), ROUND_ADMIN, round_id)
    return round_id, run.id


def outcome(container: Container, run_id: int) -> dict[str, str]:
    with container.unit_of_work() as uow:
        query = select(PlacementAssignment.student_id, PlacementAssignment.offer_id).where(
            PlacementAssignment.run_id == run_id
        )
        return {s: o for s, o in uow.session.execute(query)}  # noqa: C416


def test_free_places_are_capacity_minus_the_published_placements(container: Container) -> None:
    round_id, run_id = published(container)
    places = followup_service.free_places(container.unit_of_work(), STUDENT, round_id)
    placed = outcome(container, run_id)
    detail = allocation.run_detail(container.unit_of_work(), ROUND_ADMIN, round_id, run_id)
    assert sum(place.free for place in places) == detail.statistics.unfilled_places > 0
    for place in places:
        assert place.placed == sum(1 for offer in placed.values() if offer == place.offer_id)
        assert place.free == place.capacity - place.placed > 0


def test_free_places_wait_for_the_publication(container: Container) -> None:
    round_id = stored_round(container, Phase.CLOSED)
    with pytest.raises(WrongPhase):
        followup_service.free_places(container.unit_of_work(), STUDENT, round_id)


def test_the_followup_places_the_unplaced_and_moves_nobody(container: Container) -> None:
    round_id, run_id = published(container)
    first = outcome(container, run_id)
    free = [
        p.offer_id
        for p in followup_service.free_places(container.unit_of_work(), STUDENT, round_id)
    ]
    unplaced = sorted(student for student, offer in first.items() if not offer)
    with container.unit_of_work(write=True) as uow:
        rows = [
            {"round_id": round_id, "student_id": student, "rank": rank, "offer_id": offer}
            for student in unplaced
            for rank, offer in enumerate(free, start=1)
        ]
        uow.session.execute(insert(PlacementFollowupPreference), rows)
        uow.commit()
    with pytest.raises(WrongPhase):
        followup_service.run_followup(container.unit_of_work(write=True), ROUND_ADMIN, round_id, 1)
    calendar_service.advance_phase(
        container.unit_of_work(write=True), ROUND_ADMIN, round_id, Phase.FOLLOW_UP
    )
    for stranger in STRANGERS:
        with pytest.raises((Forbidden, Unauthenticated)):
            followup_service.run_followup(container.unit_of_work(write=True), stranger, round_id, 1)
    assert [
        r.id for r in allocation.list_runs(container.unit_of_work(), ROUND_ADMIN, round_id)
    ] == [run_id]
    run = followup_service.run_followup(
        container.unit_of_work(write=True), ROUND_ADMIN, round_id, 1
    )
    assert (run.kind, run.published) == ("followup", True)
    second = outcome(container, run.id)
    assert all(second[s] == offer for s, offer in first.items() if offer)
    newly = [s for s in unplaced if second[s]]
    assert newly
    assert all(second[s] in free for s in newly)
    with container.unit_of_work() as uow:
        assert uow.session.get(PlacementRound, round_id).published_run_id == run.id  # type: ignore[union-attr]
    again = allocation.reproduce_run(container.unit_of_work(), ROUND_ADMIN, round_id, run.id)
    assert again.identical
    assert again.checksum_matches
    detail = allocation.run_detail(container.unit_of_work(), ROUND_ADMIN, round_id, run.id)
    assert detail.statistics.placed_in_followup == len(newly)
