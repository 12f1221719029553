"""Rounds and their calendar: who may create, edit and move a round, and the dates' order."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from krapte.accounts.core.permissions import ANONYMOUS, SYSTEM, Role
from krapte.bootstrap import Container
from krapte.errors import Forbidden, InvalidInput, NotFound, Unauthenticated, WrongPhase
from krapte.placement.core.calendar import Phase
from krapte.placement.rounds import calendar_service as calendar
from krapte.placement.tables import PlacementRound
from placement.rounds.admin_builders import (
    ORGANISATION,
    ROUND_ADMIN,
    STRANGERS,
    STUDENT,
    phase_of,
    stored_round,
)

FORM = {
    "name": "Voorjaar 2027",
    "description": "Stages in de zorg",
    "max_choices": "8",
    "min_choices": "3",
    "offers_open_at": "2026-12-01",
    "rankings_open_at": "2027-01-10",
    "rankings_close_at": "2027-02-01",
    "publish_at": "2027-02-15",
}


def rounds_in(container: Container) -> int:
    with container.unit_of_work() as uow:
        return uow.session.scalar(select(func.count()).select_from(PlacementRound)) or 0


def test_round_administrator_creates_a_draft_round_with_its_dates(container: Container) -> None:
    info = calendar.create_round(container.unit_of_work(write=True), ROUND_ADMIN, FORM)
    assert (info.name, info.phase, info.max_choices, info.min_choices) == (
        "Voorjaar 2027", Phase.DRAFT, 8, 3,
    )  # fmt: skip
    days = calendar.round_days(info)
    assert days["rankings_close_at"] == date(2027, 2, 1)
    assert days["offers_open_at"] == date(2026, 12, 1)
    assert calendar.form_of(info)["publish_at"] == "2027-02-15"
    assert info.calendar.rankings_close_at is not None
    assert info.calendar.rankings_close_at.isoformat() == "2027-02-01T23:00:00+00:00"


@pytest.mark.parametrize("actor", STRANGERS)
def test_only_round_managers_create_rounds(container: Container, actor: object) -> None:
    expected = Unauthenticated if actor is ANONYMOUS else Forbidden
    with pytest.raises(expected):
        calendar.create_round(container.unit_of_work(write=True), actor, FORM)  # type: ignore[arg-type]
    assert rounds_in(container) == 0


def test_dates_out_of_order_are_refused_per_field_in_dutch(container: Container) -> None:
    wrong = {**FORM, "rankings_open_at": "2026-11-01", "rankings_close_at": "2026-11-01",
             "publish_at": "morgen", "max_choices": "nul"}  # fmt: skip
    with pytest.raises(InvalidInput) as caught:
        calendar.create_round(container.unit_of_work(write=True), ROUND_ADMIN, wrong)
    fields = {problem.field: problem.message for problem in caught.value.problems}
    assert "vóór de opening van het aanbod" in fields["voorkeuren open op"]
    assert "na de opening van de voorkeuren" in fields["voorkeuren sluiten op"]
    assert "geen geldige datum" in fields["resultaten bekend op"]
    assert "geheel getal" in fields["maximum aantal keuzes"]
    assert rounds_in(container) == 0


def test_a_round_name_is_used_once(container: Container) -> None:
    calendar.create_round(container.unit_of_work(write=True), ROUND_ADMIN, FORM)
    with pytest.raises(InvalidInput, match="al een ronde"):
        calendar.create_round(container.unit_of_work(write=True), ROUND_ADMIN, FORM)


def test_editing_dates_keeps_them_in_order(container: Container) -> None:
    info = calendar.create_round(container.unit_of_work(write=True), ROUND_ADMIN, FORM)
    changed = calendar.update_round(
        container.unit_of_work(write=True), ROUND_ADMIN, info.id,
        {**FORM, "publish_at": "2027-03-01"},
    )  # fmt: skip
    assert calendar.round_days(changed)["publish_at"] == date(2027, 3, 1)
    with pytest.raises(InvalidInput):
        calendar.update_round(
            container.unit_of_work(write=True), ROUND_ADMIN, info.id,
            {**FORM, "publish_at": "2027-01-01"},
        )  # fmt: skip
    again = calendar.get_round(container.unit_of_work(), STUDENT, info.id)
    assert calendar.round_days(again)["publish_at"] == date(2027, 3, 1)


def test_a_stranger_cannot_edit_a_round(container: Container) -> None:
    info = calendar.create_round(container.unit_of_work(write=True), ROUND_ADMIN, FORM)
    with pytest.raises(Forbidden):
        calendar.update_round(
            container.unit_of_work(write=True), ORGANISATION, info.id, {**FORM, "name": "x"}
        )
    assert calendar.get_round(container.unit_of_work(), STUDENT, info.id).name == FORM["name"]


def test_the_phase_moves_one_step_at_a_time(container: Container) -> None:
    info = calendar.create_round(container.unit_of_work(write=True), ROUND_ADMIN, FORM)
    with pytest.raises(WrongPhase, match="alleen naar 'aanbod open'"):
        calendar.advance_phase(
            container.unit_of_work(write=True), ROUND_ADMIN, info.id, Phase.CLOSED
        )
    for target in (Phase.OFFERS_OPEN, Phase.RANKINGS_OPEN, Phase.CLOSED):
        moved = calendar.advance_phase(container.unit_of_work(write=True), SYSTEM, info.id, target)
        assert moved.phase is target
    with pytest.raises(WrongPhase, match="toewijzing uit te voeren"):
        calendar.advance_phase(
            container.unit_of_work(write=True), ROUND_ADMIN, info.id, Phase.ALLOCATED
        )
    assert phase_of(container, info.id) == "closed"


@pytest.mark.parametrize("actor", STRANGERS)
def test_strangers_cannot_move_the_phase(container: Container, actor: object) -> None:
    round_id = stored_round(container, Phase.DRAFT)
    with pytest.raises((Unauthenticated, Forbidden)):
        calendar.advance_phase(
            container.unit_of_work(write=True),
            actor,
            round_id,
            Phase.OFFERS_OPEN,  # type: ignore[arg-type]
        )
    assert phase_of(container, round_id) == "draft"


def test_everyone_signed_in_sees_the_rounds_but_nobody_else(container: Container) -> None:
    stored_round(container, Phase.RANKINGS_OPEN)
    listed = calendar.list_rounds(container.unit_of_work(), STUDENT)
    assert [(r.name, r.phase) for r in listed] == [("ronde", Phase.RANKINGS_OPEN)]
    with pytest.raises(Unauthenticated):
        calendar.list_rounds(container.unit_of_work(), ANONYMOUS)
    with pytest.raises(NotFound, match="stageronde 999"):
        calendar.round_home(container.unit_of_work(), STUDENT, 999)


def test_the_home_marks_the_phase_and_offers_each_role_its_tasks(container: Container) -> None:
    round_id = stored_round(container, Phase.RANKINGS_OPEN)
    home = calendar.round_home(container.unit_of_work(), STUDENT, round_id)
    assert [step.phase for step in home.steps if step.current] == [Phase.RANKINGS_OPEN]
    assert [step.done for step in home.steps][:3] == [True, True, False]
    assert home.purpose.startswith("Studenten rangschikken")
    tasks = {task.path: task.available for task in home.tasks}
    assert tasks == {
        f"/stages/{round_id}/zoeken": True,
        f"/stages/{round_id}/mijn-lijst": True,
        f"/stages/{round_id}/resultaat": False,
    }
    admin = calendar.round_home(container.unit_of_work(), ROUND_ADMIN, round_id)
    assert [task.path for task in admin.tasks] == [f"/stages/{round_id}/beheer"]
    organisation = calendar.round_home(container.unit_of_work(), ORGANISATION, round_id)
    assert organisation.tasks[0].path.endswith("/aanbod")
    assert not organisation.tasks[0].available
    assert Role.ORGANISATION in ORGANISATION.roles


def test_list_lengths_are_fixed_once_the_lists_are_closed(container: Container) -> None:
    round_id = stored_round(container, Phase.CLOSED)
    info = calendar.get_round(container.unit_of_work(), ROUND_ADMIN, round_id)
    with pytest.raises(WrongPhase, match="aantal keuzes ligt vast"):
        calendar.update_round(
            container.unit_of_work(write=True), ROUND_ADMIN, round_id,
            {**calendar.form_of(info), "max_choices": "9"},
        )  # fmt: skip
    dated = calendar.update_round(
        container.unit_of_work(write=True), ROUND_ADMIN, round_id,
        {**calendar.form_of(info), "publish_at": "2027-06-30"},
    )  # fmt: skip
    assert (dated.max_choices, calendar.round_days(dated)["publish_at"]) == (5, date(2027, 6, 30))


@pytest.mark.postgres
def test_two_administrators_cannot_both_move_the_round(container: Container) -> None:
    """The second waits for the first's lock on the round, then sees the phase it left."""
    import threading

    if container.store.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has one writer at a time anyway")
    round_id = stored_round(container, Phase.DRAFT)
    outcome: list[BaseException | None] = []

    def second() -> None:
        try:
            calendar.advance_phase(
                container.unit_of_work(write=True), ROUND_ADMIN, round_id, Phase.OFFERS_OPEN
            )
            outcome.append(None)
        except BaseException as error:
            outcome.append(error)

    with container.unit_of_work(write=True) as uow:
        from krapte.placement.rounds.state import stored_round as locked

        row = locked(uow.session, round_id, for_update=True)
        waiting = threading.Thread(target=second)
        waiting.start()
        waiting.join(timeout=1.0)
        assert waiting.is_alive(), "the second administrator did not wait for the lock"
        row.phase = Phase.OFFERS_OPEN.value
        uow.commit()
    waiting.join(timeout=10)
    assert isinstance(outcome[0], WrongPhase)
    assert phase_of(container, round_id) == "offers_open"
