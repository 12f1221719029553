"""The round's calendar: one phase forward at a time, actions only in their phases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from krapte.errors import WrongPhase
from krapte.placement.core.calendar import (
    ORDER,
    Calendar,
    Phase,
    allows,
    check_transition,
    next_phase,
    require_phase,
)

NOW = datetime(2027, 2, 1, 12, tzinfo=UTC)


def test_phases_follow_the_issue_order() -> None:
    assert [p.value for p in ORDER] == [
        "draft", "offers_open", "rankings_open", "closed", "allocated", "published", "follow_up",
    ]  # fmt: skip
    assert next_phase(Phase.FOLLOW_UP) is None


def test_a_round_moves_one_phase_forward_only() -> None:
    check_transition(Phase.DRAFT, Phase.OFFERS_OPEN)
    with pytest.raises(WrongPhase, match="alleen naar 'aanbod open'"):
        check_transition(Phase.DRAFT, Phase.PUBLISHED)
    with pytest.raises(WrongPhase, match="al in de fase"):
        check_transition(Phase.CLOSED, Phase.CLOSED)
    with pytest.raises(WrongPhase, match="laatste fase"):
        check_transition(Phase.FOLLOW_UP, Phase.DRAFT)


def test_students_rank_only_while_rankings_are_open() -> None:
    assert allows(Calendar(Phase.RANKINGS_OPEN), "ranking.write", NOW)
    with pytest.raises(
        WrongPhase, match="'voorkeuren open'; de ronde is nu in de fase 'afgesloten'"
    ):
        require_phase(Calendar(Phase.CLOSED), "ranking.write", NOW)


def test_the_deadline_stops_ranking_before_the_phase_is_closed() -> None:
    calendar = Calendar(Phase.RANKINGS_OPEN, rankings_close_at=NOW)
    assert allows(calendar, "ranking.write", NOW - timedelta(seconds=1))
    with pytest.raises(WrongPhase, match="deadline"):
        require_phase(calendar, "ranking.write", NOW)


def test_actions_without_phases_are_always_allowed() -> None:
    assert all(allows(Calendar(phase), "offer.read", NOW) for phase in Phase)
