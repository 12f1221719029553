"""The action plan's service on both stores: who may record what, and a history that only grows."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from actionplan.builders import (
    ANALYST,
    OWNER,
    OWNER_USER,
    STRANGER,
    STUDENT,
    add,
    change,
    new_action,
)
from builders import series, store_release
from krapte.accounts.core.permissions import ANONYMOUS
from krapte.actionplan import service
from krapte.actionplan.core.followup import Change, EventKind, Status, replay
from krapte.bootstrap import Container
from krapte.errors import Conflict, Forbidden, InvalidInput, NotFound, Unauthenticated


def history(container: Container, number: int = 36) -> list[tuple[str, str | None]]:
    return [
        (event.kind.value, event.status_to.value if event.status_to else None)
        for event in service.history(container.unit_of_work(), number)
    ]


def test_action_is_numbered_within_its_recommendation(container: Container) -> None:
    first = add(container)
    second = add(container, new=new_action("Tweede actie"))
    other = add(container, 2)
    assert [first.reference, second.reference, other.reference] == ["36.1", "36.2", "2.1"]
    assert first.status is Status.NOT_STARTED


def test_status_update_is_recorded_with_who_and_when(container: Container) -> None:
    state = change(container, add(container), Status.UNDER_WAY, note="Overleg gestart")
    assert state.status is Status.UNDER_WAY
    events = service.history(container.unit_of_work(), 36)
    assert [event.kind for event in events] == [EventKind.CREATED, EventKind.STATUS]
    assert events[1].note == "Overleg gestart"
    assert events[1].actor_name == "Ann Analist"
    assert events[1].acting_as == "analist"
    assert events[1].at >= events[0].at


def test_stored_state_equals_the_replay_of_its_history(container: Container) -> None:
    state = add(container)
    state = change(container, state, Status.UNDER_WAY)
    state = change(container, state, fields={"due_date": date(2026, 12, 31)})
    state = change(container, state, note="verslag", evidence_url="https://example.org/v")
    state = change(container, state, Status.DROPPED, note="geen middelen")
    state = change(container, state, Status.DONE, reopen=True, note="toch middelen")
    stored = service.get_action(container.unit_of_work(), 36, 1)
    assert replay(service.history(container.unit_of_work(), 36)) == stored == state
    assert stored.status is Status.DONE
    assert len(history(container)) == 7


def test_invalid_transition_is_refused_and_nothing_is_recorded(container: Container) -> None:
    state = change(container, add(container), Status.DROPPED)
    before = history(container)
    with pytest.raises(Conflict, match="heropen ze eerst"):
        change(container, state, Status.DONE)
    assert history(container) == before
    assert service.get_action(container.unit_of_work(), 36, 1).status is Status.DROPPED


def test_due_date_before_start_is_refused_before_anything_is_stored(container: Container) -> None:
    with pytest.raises(InvalidInput, match="ligt voor de startdatum"):
        add(container, new=new_action(start=date(2026, 6, 1), due=date(2026, 5, 1)))
    assert service.overview(container.unit_of_work()).overdue_actions == ()
    assert history(container) == []


def test_unknown_recommendation_is_named(container: Container) -> None:
    with pytest.raises(NotFound, match="aanbeveling 61 bestaat niet"):
        add(container, 61)
    with pytest.raises(NotFound, match="aanbeveling 61 bestaat niet"):
        service.change_action(container.unit_of_work(write=True), ANALYST, 61, 1, Change())


def test_owning_organisation_may_edit_its_action(container: Container) -> None:
    state = change(container, add(container), Status.UNDER_WAY, actor=OWNER_USER, note="gestart")
    assert state.status is Status.UNDER_WAY
    assert service.history(container.unit_of_work(), 36)[-1].acting_as == OWNER


@pytest.mark.parametrize("actor", [STRANGER, STUDENT])
def test_other_users_cannot_edit_and_change_nothing(container: Container, actor: object) -> None:
    state = add(container)
    with pytest.raises(Forbidden):
        change(container, state, Status.UNDER_WAY, actor=actor)
    with pytest.raises(Forbidden):
        service.add_action(container.unit_of_work(write=True), actor, 36, new_action())  # type: ignore[arg-type]
    assert history(container) == [("created", "not_started")]


def test_nobody_signed_in_is_asked_to_sign_in(container: Container) -> None:
    with pytest.raises(Unauthenticated):
        service.add_action(container.unit_of_work(write=True), ANONYMOUS, 36, new_action())


def test_organisation_cannot_hand_its_action_to_another(container: Container) -> None:
    state = add(container)
    with pytest.raises(Forbidden):
        change(container, state, actor=OWNER_USER, fields={"owner": "Andere Organisatie"})
    assert service.get_action(container.unit_of_work(), 36, 1).owner == OWNER


def test_organisation_may_record_an_action_it_owns(container: Container) -> None:
    state = service.add_action(container.unit_of_work(write=True), OWNER_USER, 47, new_action())
    assert state.owner == OWNER
    with pytest.raises(Forbidden):
        service.add_action(
            container.unit_of_work(write=True), OWNER_USER, 47, new_action(owner="VDAB")
        )


def test_history_is_append_only_in_the_store(container: Container) -> None:
    change(container, add(container), Status.UNDER_WAY)
    for statement in (
        "UPDATE actionplan_event SET note = 'herschreven'",
        "DELETE FROM actionplan_event",
    ):
        with (
            pytest.raises(DBAPIError, match="append-only"),
            container.store.engine.begin() as connection,
        ):
            connection.execute(text(statement))
    assert history(container) == [("created", "not_started"), ("status", "under_way")]


def test_only_action_of_a_recommendation_can_be_named_by_its_number(container: Container) -> None:
    add(container)
    assert service.get_action(container.unit_of_work(), 36, None).reference == "36.1"
    add(container)
    with pytest.raises(InvalidInput, match=r"2 acties \(36.1, 36.2\)"):
        service.get_action(container.unit_of_work(), 36, None)


def test_overview_filters_by_actor_priority_status_and_overdue(container: Container) -> None:
    change(container, add(container), Status.UNDER_WAY)
    add(container, 1, new_action(due=date(2026, 2, 1)))
    uow = container.unit_of_work
    late = date(2026, 3, 1)
    assert len(service.overview(uow()).rows) == 60
    higher = service.overview(uow(), service.Filters(actor_group="higher_education"))
    assert len(higher.rows) == 12
    assert {row.recommendation.number for row in higher.rows} >= {36}
    on_7 = service.overview(uow(), service.Filters(priority=7))
    assert {row.recommendation.number for row in on_7.rows} >= {2, 35, 36, 47, 59}
    moving = service.overview(uow(), service.Filters(status=Status.UNDER_WAY))
    assert [row.recommendation.number for row in moving.rows] == [36]
    overdue = service.overview(uow(), service.Filters(overdue=True), today=late)
    assert [row.recommendation.number for row in overdue.rows] == [1]
    assert [a.reference for a in overdue.overdue_actions] == ["1.1"]
    with pytest.raises(InvalidInput, match="onbekende actorgroep"):
        service.overview(uow(), service.Filters(actor_group="ministers"))


def test_detail_shows_linked_indicators_with_their_trend(container: Container) -> None:
    with container.unit_of_work(write=True) as uow:
        store_release(
            uow.session,
            series(
                [2022, 2023, 2024],
                [902, 893, 1062],
                dataset="studiestarters",
                measure="studiestarters",
                programme="maatschappelijk werk",
                level="graduaat",
            ),
            dataset="studiestarters",
        )
        uow.commit()
    found = service.detail(container.unit_of_work(), 13)
    by_key = {s.indicator.key: s for s in found.indicators}
    graduaat = by_key["starters_graduaat_mw"]
    assert [p.value for p in graduaat.points] == [902, 893, 1062]
    assert (graduaat.latest and graduaat.latest.period, graduaat.trend) == ("2024", "stijgt")
    assert by_key["starters_bachelor_sw"].points == ()
    assert "knelpuntopleiding" in found.indicator_notes["starters_graduaat_mw"]


def test_unknown_indicator_is_refused(container: Container) -> None:
    with pytest.raises(InvalidInput, match="onbekende indicator"):
        add(container, new=new_action(indicators=("geluk",)))


MEASURED_BY_KRAPTE = {"stageplaatsing", "werkkracht"}


def test_every_catalogue_indicator_on_bundled_data_has_figures(initialised: str) -> None:
    from krapte.bootstrap import bootstrap

    found = service.indicator_series(
        bootstrap().unit_of_work(), [i.key for i in service.catalogue().indicators]
    )
    empty = [
        s.indicator.key
        for s in found
        if not s.points and s.indicator.dataset not in MEASURED_BY_KRAPTE
    ]
    assert empty == []
    assert all(not s.ambiguous for s in found)
