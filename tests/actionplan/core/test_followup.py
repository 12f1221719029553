"""The follow-up rules: which status changes are allowed, and what the history records."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from krapte.actionplan.core.followup import (
    CLOSED,
    TRANSITIONS,
    ActionState,
    Change,
    EventKind,
    Status,
    apply,
    check_change,
    created,
    decode,
    encode,
    events_for,
    recommendation_status,
    replay,
    status_of,
)
from krapte.errors import Conflict, InvalidInput

AT = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def action(status: Status = Status.NOT_STARTED, **fields: object) -> ActionState:
    values: dict[str, object] = {
        "recommendation": 36,
        "number": 1,
        "title": "Centraal stageplatform",
        "owner": "Sterk Sociaal Werk",
        "start_date": date(2026, 1, 1),
        "due_date": date(2026, 6, 30),
        "status": status,
        **fields,
    }
    return ActionState(**values)  # type: ignore[arg-type]


def test_status_is_named_by_key_or_dutch_label() -> None:
    assert status_of("lopend") is Status.UNDER_WAY
    assert status_of("Under_Way") is Status.UNDER_WAY
    with pytest.raises(InvalidInput, match="onbekende status 'bezig'"):
        status_of("bezig")


@pytest.mark.parametrize("start", list(Status))
@pytest.mark.parametrize("target", list(Status))
def test_every_status_change_follows_the_transition_table(start: Status, target: Status) -> None:
    change = Change(status=target, note="" if start != target else "nog bezig")
    if target == start or target in TRANSITIONS[start]:
        check_change(action(start), change)
    else:
        with pytest.raises(Conflict):
            check_change(action(start), change)


def test_dropped_action_cannot_become_done_without_reopening() -> None:
    with pytest.raises(Conflict, match="heropen ze eerst voor ze afgerond kan worden"):
        check_change(action(Status.DROPPED), Change(status=Status.DONE))


def test_reopening_returns_a_closed_action_to_under_way_and_then_done() -> None:
    state = action(Status.DROPPED)
    change = Change(reopen=True, status=Status.DONE, note="Nieuwe middelen gevonden")
    check_change(state, change)
    recorded = events_for(state, change, AT, "Ann", "analist")
    assert [event.kind for event in recorded] == [EventKind.REOPENED, EventKind.STATUS]
    assert (recorded[0].status_from, recorded[0].status_to) == (Status.DROPPED, Status.UNDER_WAY)
    assert recorded[0].note == "Nieuwe middelen gevonden"
    assert (recorded[1].status_from, recorded[1].status_to) == (Status.UNDER_WAY, Status.DONE)
    final = state
    for event in recorded:
        final = apply(final, event)
    assert final.status is Status.DONE


def test_reopening_needs_a_reason_and_a_closed_action() -> None:
    with pytest.raises(InvalidInput, match="waarom"):
        check_change(action(Status.DONE), Change(reopen=True))
    with pytest.raises(Conflict, match="alleen een afgeronde of stopgezette"):
        check_change(action(Status.UNDER_WAY), Change(reopen=True, note="toch"))


@pytest.mark.parametrize("closed", sorted(CLOSED))
def test_closed_action_keeps_its_fields_until_reopened(closed: Status) -> None:
    with pytest.raises(Conflict, match="heropen ze eerst om ze te wijzigen"):
        check_change(action(closed), Change(fields={"due_date": date(2027, 1, 1)}))


def test_due_date_before_start_date_is_refused_with_both_dates() -> None:
    with pytest.raises(InvalidInput) as caught:
        check_change(action(), Change(fields={"due_date": date(2025, 12, 31)}))
    (problem,) = caught.value.problems
    assert problem.field == "due_date"
    assert "2025-12-31" in problem.message
    assert "2026-01-01" in problem.message


def test_a_change_that_changes_nothing_is_refused() -> None:
    with pytest.raises(InvalidInput, match="niets gewijzigd"):
        check_change(action(), Change(fields={"title": "Centraal stageplatform"}))


def test_evidence_must_be_a_web_link() -> None:
    with pytest.raises(InvalidInput) as caught:
        check_change(action(), Change(note="verslag", evidence_url="file:///etc/passwd"))
    assert caught.value.problems[0].field == "evidence_url"


def test_note_without_status_change_is_a_progress_update_on_its_date() -> None:
    change = Change(note="Overleg met hogescholen", progress_on=date(2026, 2, 20))
    (event,) = events_for(action(), change, AT, "Ann", "analist")
    assert event.kind is EventKind.PROGRESS
    assert event.progress_on == date(2026, 2, 20)
    assert apply(action(), event).status is Status.NOT_STARTED


def test_state_is_the_replay_of_its_events() -> None:
    start = action(indicators=("stage_vulgraad",))
    history = [created(start, AT, "Ann", "analist")]
    state = replay(history)
    for change in (
        Change(status=Status.UNDER_WAY, note="gestart"),
        Change(fields={"owner": "VDAB", "due_date": date(2026, 9, 30)}),
        Change(note="tussentijds verslag", evidence_url="https://example.org/verslag"),
        Change(status=Status.DONE),
    ):
        check_change(state, change)
        recorded = events_for(state, change, AT, "Ann", "analist")
        history += recorded
        for event in recorded:
            state = apply(state, event)
    assert replay(history) == state
    assert (state.owner, state.due_date, state.status) == ("VDAB", date(2026, 9, 30), Status.DONE)
    assert state.indicators == ("stage_vulgraad",)


def test_changes_survive_json_encoding() -> None:
    changes = {"due_date": date(2026, 9, 30), "indicators": ("a", "b"), "owner": "VDAB"}
    assert decode(encode(changes)) == changes


def test_overdue_means_past_due_and_not_closed() -> None:
    today = date(2026, 7, 1)
    assert action(Status.UNDER_WAY).overdue(today)
    assert not action(Status.DONE).overdue(today)
    assert not action(Status.UNDER_WAY).overdue(date(2026, 6, 30))
    assert not action(Status.UNDER_WAY, due_date=None).overdue(today)


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ((), Status.NOT_STARTED),
        ((Status.DROPPED, Status.DROPPED), Status.DROPPED),
        ((Status.DONE, Status.DROPPED), Status.DONE),
        ((Status.DONE, Status.STALLED), Status.STALLED),
        ((Status.DONE, Status.NOT_STARTED), Status.UNDER_WAY),
        ((Status.NOT_STARTED,), Status.NOT_STARTED),
    ],
)
def test_recommendation_status_summarises_its_actions(
    statuses: tuple[Status, ...], expected: Status
) -> None:
    actions = [action(status, number=index + 1) for index, status in enumerate(statuses)]
    assert recommendation_status(actions) is expected
