"""The checks on a new fair, and what a fair says about its places and visitors."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from fairs.builders import new_fair
from krapte.fairs.core.records import MAX_CAPACITY, ItemKind, ProgrammeItem, check_new_fair

START = datetime(2027, 3, 4, 9, tzinfo=UTC)


def test_a_complete_fair_has_no_problems() -> None:
    assert check_new_fair(new_fair(starts_at=START)) == []


def test_a_programme_item_outside_the_fairs_hours_is_named_by_its_number() -> None:
    late = ProgrammeItem(START + timedelta(hours=7), "Afsluiter", ItemKind.TALK)
    fair = new_fair(starts_at=START, hours=6)
    problems = check_new_fair(replace(fair, programme=(*fair.programme, late)))
    assert [(p.row, p.field) for p in problems] == [(3, "programme")]
    assert "buiten de uren" in problems[0].message


def test_capacity_must_be_at_least_one_and_bounded() -> None:
    for capacity in (0, MAX_CAPACITY + 1):
        problems = check_new_fair(new_fair(capacity, starts_at=START))
        assert [p.field for p in problems] == ["capacity"]


def test_an_organisation_listed_twice_is_refused_whatever_its_case() -> None:
    problems = check_new_fair(new_fair(starts_at=START, participants=("Vzw A", "VZW A")))
    assert [p.field for p in problems] == ["participants"]
    assert "twee keer" in problems[0].message
