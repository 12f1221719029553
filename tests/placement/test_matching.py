"""Deferred acceptance: stable, feasible, student-optimal, reproducible."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from krapte.placement.core.instance import (
    PRIORITY_BY_PROGRAMME,
    PRIORITY_BY_SCHOOL,
    PlacementInstance,
)
from krapte.placement.core.matching import deferred_acceptance, match
from krapte.placement.core.stability import check_assignment
from krapte.placement.oracle import oracle_assignment
from placement.helpers import (
    build,
    instances,
    reference_deferred_acceptance,
    table_for_seed,
    table_with_lottery,
)

PROPERTY = settings(max_examples=150, deadline=None)
SEEDS = st.integers(0, 2**32 - 1)


def solve(instance: PlacementInstance, lottery: list[int]) -> list[int]:
    table = table_with_lottery(instance, lottery)
    result = deferred_acceptance(table)
    assert check_assignment(table, result.offer).ok
    return [int(x) for x in result.offer]


@PROPERTY
@given(instances(), SEEDS)
def test_every_result_is_stable_and_feasible(instance: PlacementInstance, seed: int) -> None:
    table = table_for_seed(instance, seed)
    result = deferred_acceptance(table)
    report = check_assignment(table, result.offer)
    assert report.ok, (report.blocking_pairs(), report.violations)
    load = np.bincount(result.offer[result.offer >= 0], minlength=instance.n_offers)
    assert np.all(load <= instance.capacity)
    matched = result.entry >= 0
    assert table.eligible[result.entry[matched]].all()


@PROPERTY
@given(instances(), SEEDS)
def test_same_seed_gives_same_result(instance: PlacementInstance, seed: int) -> None:
    first, _ = match(instance, seed)
    second, _ = match(instance, seed)
    assert first.offer.tolist() == second.offer.tolist()


@PROPERTY
@given(instances(), SEEDS)
def test_equals_one_proposal_at_a_time_deferred_acceptance(
    instance: PlacementInstance, seed: int
) -> None:
    table = table_for_seed(instance, seed)
    assert (
        deferred_acceptance(table).offer.tolist() == reference_deferred_acceptance(table).tolist()
    )


@settings(max_examples=60, deadline=None)
@given(instances(quotas=False), SEEDS)
def test_equals_the_matching_library_without_quotas(instance: PlacementInstance, seed: int) -> None:
    table = table_for_seed(instance, seed)
    assert deferred_acceptance(table).offer.tolist() == oracle_assignment(table).tolist()


def test_student_never_gets_ineligible_place() -> None:
    instance = build([1, 1], [[0, 1]], programmes=[1], offer_programmes=[[0], []])
    assert solve(instance, [1]) == [1]


def test_lower_lottery_number_wins_tie() -> None:
    instance = build([1], [[0], [0]])
    assert solve(instance, [2, 1]) == [-1, 0]
    assert solve(instance, [1, 2]) == [0, -1]


def test_priority_order_beats_lottery() -> None:
    instance = build(
        [1], [[0], [0]], programmes=[0, 1], priorities=[(0, PRIORITY_BY_PROGRAMME, 1, 0)]
    )
    assert solve(instance, [1, 2]) == [-1, 0]


def test_priority_over_schools_uses_the_list_order() -> None:
    instance = build(
        [1],
        [[0], [0], [0]],
        schools=[0, 1, 2],
        priorities=[(0, PRIORITY_BY_SCHOOL, 2, 0), (0, PRIORITY_BY_SCHOOL, 1, 1)],
    )
    assert solve(instance, [1, 2, 3]) == [-1, -1, 0]


def test_quota_limits_a_programme_at_an_offer() -> None:
    instance = build([3, 5], [[0, 1]] * 4, programmes=[1, 1, 1, 0], quotas=[(0, 1, 1)])
    offers = solve(instance, [1, 2, 3, 4])
    assert offers == [0, 1, 1, 0]


def test_offer_without_places_takes_nobody() -> None:
    assert solve(build([0, 1], [[0, 1], [0]]), [1, 2]) == [1, -1]


def test_result_is_student_optimal_on_the_classic_example() -> None:
    # Two students, two offers; offers prefer the student who likes them less (by priority).
    instance = build(
        [1, 1],
        [[0, 1], [1, 0]],
        programmes=[0, 1],
        priorities=[(0, PRIORITY_BY_PROGRAMME, 1, 0), (1, PRIORITY_BY_PROGRAMME, 0, 0)],
    )
    assert solve(instance, [1, 2]) == [0, 1]


def test_rejection_chain_moves_students_down_their_lists() -> None:
    instance = build([1, 1, 1], [[0, 1, 2], [0, 1], [0]])
    assert solve(instance, [3, 2, 1]) == [2, 1, 0]
