"""The checker finds every blocking pair and every broken rule."""

from __future__ import annotations

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from krapte.placement.core.instance import PlacementInstance
from krapte.placement.core.matching import deferred_acceptance
from krapte.placement.core.stability import (
    CAPACITY,
    INELIGIBLE,
    NOT_LISTED,
    QUOTA,
    CheckReport,
    assigned_entries,
    check_assignment,
    would_take_by_counting,
    would_take_by_worst,
)
from placement.helpers import build, instances, table_for_seed, table_with_lottery


def kinds(report: CheckReport) -> list[str]:
    return sorted(v.kind for v in report.violations)


def test_unmatched_student_and_free_place_block() -> None:
    table = table_with_lottery(build([1], [[0]]), [1])
    report = check_assignment(table, np.array([-1]))
    assert report.blocking_pairs() == [(0, 0)]


def test_student_with_better_lottery_displaced_blocks() -> None:
    table = table_with_lottery(build([1], [[0], [0]]), [1, 2])
    report = check_assignment(table, np.array([-1, 0]))
    assert report.blocking_pairs() == [(0, 0)]
    assert check_assignment(table, np.array([0, -1])).ok


def test_capacity_violation_is_listed() -> None:
    table = table_with_lottery(build([1], [[0], [0]]), [1, 2])
    assert kinds(check_assignment(table, np.array([0, 0]))) == [CAPACITY]


def test_quota_violation_is_listed() -> None:
    instance = build([2], [[0], [0]], programmes=[1, 1], quotas=[(0, 1, 1)])
    table = table_with_lottery(instance, [1, 2])
    assert kinds(check_assignment(table, np.array([0, 0]))) == [QUOTA]


def test_ineligible_and_unlisted_places_are_listed() -> None:
    instance = build([1, 1], [[0], []], programmes=[1, 0], offer_programmes=[[0], []])
    table = table_with_lottery(instance, [1, 2])
    assert kinds(check_assignment(table, np.array([0, 1]))) == sorted([INELIGIBLE, NOT_LISTED])


def test_quota_full_means_no_blocking_pair() -> None:
    instance = build([3], [[0], [0]], programmes=[1, 1], quotas=[(0, 1, 1)])
    table = table_with_lottery(instance, [1, 2])
    assert check_assignment(table, np.array([0, -1])).ok
    assert check_assignment(table, np.array([-1, 0])).blocking_pairs() == [(0, 0)]


@settings(max_examples=100, deadline=None)
@given(instances(), st.integers(0, 2**32 - 1), st.data())
def test_unplacing_a_placed_student_creates_a_blocking_pair(
    instance: PlacementInstance, seed: int, data: st.DataObject
) -> None:
    table = table_for_seed(instance, seed)
    result = deferred_acceptance(table)
    placed = np.flatnonzero(result.offer >= 0)
    assume(len(placed) > 0)
    student = data.draw(st.sampled_from(placed.tolist()))
    broken = result.offer.copy()
    offer = int(broken[student])
    broken[student] = -1
    assert (student, offer) in check_assignment(table, broken).blocking_pairs()


@settings(max_examples=100, deadline=None)
@given(instances(), st.integers(0, 2**32 - 1), st.data())
def test_both_ways_of_finding_blocking_pairs_agree(
    instance: PlacementInstance, seed: int, data: st.DataObject
) -> None:
    table = table_for_seed(instance, seed)
    result = deferred_acceptance(table)
    dropped = data.draw(
        st.lists(st.booleans(), min_size=len(result.offer), max_size=len(result.offer))
    )
    assigned = np.where(np.array(dropped, dtype=np.bool_), -1, result.offer)
    members = assigned_entries(table, assigned)
    members = members[members >= 0]
    candidate = np.setdiff1d(np.arange(len(table.offer)), members)
    assert np.array_equal(
        would_take_by_worst(table, members, candidate),
        would_take_by_counting(table, members, candidate),
    )
