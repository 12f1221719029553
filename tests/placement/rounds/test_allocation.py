"""Allocating a round from the database: recorded runs, publication, reproduction, the lottery."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

import krapte
from krapte.accounts.core.permissions import ANONYMOUS, SYSTEM
from krapte.bootstrap import Container
from krapte.errors import Forbidden, InvalidInput, Unauthenticated, WrongPhase
from krapte.placement.core.calendar import Phase
from krapte.placement.rounds import allocation
from krapte.placement.rounds.round_input import input_checksum, read_round_input
from krapte.placement.service import load, run_placement
from krapte.placement.tables import PlacementAssignment, PlacementPreference, PlacementRun
from placement.rounds.admin_builders import (
    ANALYST,
    ROUND_ADMIN,
    STRANGERS,
    STUDENT,
    exported,
    phase_of,
    stored_assignment,
    stored_round,
)


def runs_in(container: Container) -> int:
    with container.unit_of_work() as uow:
        return uow.session.scalar(select(func.count()).select_from(PlacementRun)) or 0


def test_the_first_run_records_everything_and_allocates_the_round(container: Container) -> None:
    round_id = stored_round(container, Phase.CLOSED)
    run = allocation.allocate(container.unit_of_work(write=True), ROUND_ADMIN, round_id, seed=42)
    assert (run.kind, run.seed, run.engine_version) == ("main", 42, krapte.__version__)
    assert run.created_by == "Rita Rondebeheer"
    assert len(run.input_sha256) == 64
    assert run.matched + run.unmatched == 60
    assert phase_of(container, round_id) == "allocated"
    assert len(stored_assignment(container, run.id)) == 60


def test_a_seed_is_drawn_when_none_is_given(container: Container) -> None:
    round_id = stored_round(container, Phase.CLOSED)
    run = allocation.allocate(container.unit_of_work(write=True), ROUND_ADMIN, round_id)
    assert 0 <= run.seed < 2**31


def test_a_negative_seed_is_refused_in_dutch(container: Container) -> None:
    round_id = stored_round(container, Phase.CLOSED)
    with pytest.raises(InvalidInput, match="0 of groter"):
        allocation.allocate(container.unit_of_work(write=True), ROUND_ADMIN, round_id, seed=-1)
    assert runs_in(container) == 0


def test_allocation_waits_until_the_lists_are_closed(container: Container) -> None:
    round_id = stored_round(container, Phase.RANKINGS_OPEN)
    with pytest.raises(WrongPhase, match="afgesloten"):
        allocation.allocate(container.unit_of_work(write=True), ROUND_ADMIN, round_id, seed=1)
    assert runs_in(container) == 0


@pytest.mark.parametrize("actor", [*STRANGERS, ANALYST])
def test_only_round_managers_allocate(container: Container, actor: object) -> None:
    round_id = stored_round(container, Phase.CLOSED)
    with pytest.raises(Unauthenticated if actor is ANONYMOUS else Forbidden):
        allocation.allocate(container.unit_of_work(write=True), actor, round_id, seed=1)  # type: ignore[arg-type]
    assert runs_in(container) == 0
    assert phase_of(container, round_id) == "closed"


def test_running_again_adds_a_run_and_replaces_nothing(container: Container) -> None:
    round_id = stored_round(container, Phase.CLOSED)
    first = allocation.allocate(container.unit_of_work(write=True), ROUND_ADMIN, round_id, seed=1)
    second = allocation.allocate(container.unit_of_work(write=True), SYSTEM, round_id, seed=2)
    runs = allocation.list_runs(container.unit_of_work(), ANALYST, round_id)
    assert [r.id for r in runs] == [second.id, first.id]
    assert first.input_sha256 == second.input_sha256
    assert phase_of(container, round_id) == "allocated"


def test_the_browser_run_equals_the_command_line_run_on_the_same_round_and_seed(
    container: Container, tmp_path: Path
) -> None:
    round_id = stored_round(container, Phase.CLOSED)
    run = allocation.allocate(container.unit_of_work(write=True), ROUND_ADMIN, round_id, seed=9)
    paths = exported(container, round_id, tmp_path / "ronde")
    run_placement(paths, 9, tmp_path / "uit", max_choices=5)
    with (tmp_path / "uit" / "assignments.csv").open(encoding="utf-8-sig") as handle:
        from_files = {row["student_id"]: row["offer_id"] for row in csv.DictReader(handle)}
    assert stored_assignment(container, run.id) == from_files
    assert sum(1 for offer in from_files.values() if offer) == run.matched


def test_the_files_of_a_round_give_the_same_input_checksum(
    container: Container, tmp_path: Path
) -> None:
    round_id = stored_round(container, Phase.CLOSED)
    run = allocation.allocate(container.unit_of_work(write=True), ROUND_ADMIN, round_id, seed=3)
    paths = exported(container, round_id, tmp_path / "ronde")
    assert input_checksum(load(paths, 5)) == run.input_sha256
    with container.unit_of_work(write=True) as uow:
        uow.session.execute(
            update(PlacementPreference).where(PlacementPreference.rank == 1).values(rank=99)
        )
        uow.commit()
    with container.unit_of_work() as uow:
        assert read_round_input(uow.session, round_id).sha256 != run.input_sha256


def test_publishing_chooses_the_latest_run_by_default(container: Container) -> None:
    round_id = stored_round(container, Phase.CLOSED)
    first = allocation.allocate(container.unit_of_work(write=True), ROUND_ADMIN, round_id, seed=1)
    latest = allocation.allocate(container.unit_of_work(write=True), ROUND_ADMIN, round_id, seed=2)
    with pytest.raises(Forbidden):
        allocation.publish(container.unit_of_work(write=True), STUDENT, round_id)
    assert phase_of(container, round_id) == "allocated"
    info = allocation.publish(container.unit_of_work(write=True), ROUND_ADMIN, round_id)
    assert (info.phase, info.published_run_id) == (Phase.PUBLISHED, latest.id)
    with pytest.raises(WrongPhase):
        allocation.publish(container.unit_of_work(write=True), ROUND_ADMIN, round_id, first.id)


def test_publishing_a_chosen_run(container: Container) -> None:
    round_id = stored_round(container, Phase.CLOSED)
    first = allocation.allocate(container.unit_of_work(write=True), ROUND_ADMIN, round_id, seed=1)
    allocation.allocate(container.unit_of_work(write=True), ROUND_ADMIN, round_id, seed=2)
    info = allocation.publish(container.unit_of_work(write=True), ROUND_ADMIN, round_id, first.id)
    assert info.published_run_id == first.id
    runs = allocation.list_runs(container.unit_of_work(), ROUND_ADMIN, round_id)
    assert [r.published for r in runs] == [False, True]


def test_a_run_page_has_its_statistics_and_check(container: Container) -> None:
    round_id = stored_round(container, Phase.CLOSED)
    run = allocation.allocate(container.unit_of_work(write=True), ROUND_ADMIN, round_id, seed=5)
    detail = allocation.run_detail(container.unit_of_work(), ANALYST, round_id, run.id)
    assert detail.statistics.matched == run.matched
    assert detail.statistics.students == 60
    assert sum(f.places for f in detail.by_sector) == detail.statistics.places
    assert sum(f.free for f in detail.by_province) == detail.statistics.unfilled_places
    assert all(0 <= (f.filled_percent or 0) <= 100 for f in detail.by_sector)
    assert detail.stable
    assert detail.blocking_pairs == 0
    with pytest.raises(Forbidden):
        allocation.run_detail(container.unit_of_work(), STUDENT, round_id, run.id)


def test_a_recorded_run_is_reproduced_from_its_record(container: Container) -> None:
    round_id = stored_round(container, Phase.CLOSED)
    run = allocation.allocate(container.unit_of_work(write=True), ROUND_ADMIN, round_id, seed=8)
    again = allocation.reproduce_run(container.unit_of_work(), ROUND_ADMIN, round_id, run.id)
    assert again.identical
    assert again.checksum_matches
    assert "identiek" in again.message
    with container.unit_of_work(write=True) as uow:
        uow.session.execute(
            update(PlacementAssignment)
            .where(PlacementAssignment.run_id == run.id, PlacementAssignment.offer_id != "")
            .values(offer_id="")
        )
        uow.commit()
    tampered = allocation.reproduce_run(container.unit_of_work(), ROUND_ADMIN, round_id, run.id)
    assert not tampered.identical
    assert tampered.checksum_matches
    assert "verschilt" in tampered.message


def test_the_lottery_is_published_with_the_results(container: Container) -> None:
    round_id = stored_round(container, Phase.CLOSED)
    allocation.allocate(container.unit_of_work(write=True), ROUND_ADMIN, round_id, seed=4)
    with pytest.raises(WrongPhase):
        allocation.lottery_rows(container.unit_of_work(), STUDENT, round_id)
    allocation.publish(container.unit_of_work(write=True), ROUND_ADMIN, round_id)
    rows = allocation.lottery_rows(container.unit_of_work(), STUDENT, round_id)
    assert [number for _, number in rows] == list(range(1, 61))
    with pytest.raises(Unauthenticated):
        allocation.lottery_rows(container.unit_of_work(), ANONYMOUS, round_id)


def test_the_status_quo_comparison_uses_the_round(container: Container) -> None:
    round_id = stored_round(container, Phase.CLOSED)
    compared = allocation.status_quo(container.unit_of_work(), ANALYST, round_id, seed=2)
    assert compared.students == 60
    assert compared.central_allocation.placed + compared.central_allocation.unplaced == 60
    with pytest.raises(Forbidden):
        allocation.status_quo(container.unit_of_work(), STUDENT, round_id)


@pytest.mark.parametrize("actor", [*STRANGERS, ANALYST])
def test_only_round_managers_publish(container: Container, actor: object) -> None:
    round_id = stored_round(container, Phase.CLOSED)
    allocation.allocate(container.unit_of_work(write=True), ROUND_ADMIN, round_id, seed=1)
    with pytest.raises(Unauthenticated if actor is ANONYMOUS else Forbidden):
        allocation.publish(container.unit_of_work(write=True), actor, round_id)  # type: ignore[arg-type]
    assert phase_of(container, round_id) == "allocated"
