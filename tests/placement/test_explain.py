"""Explanations: every choice above the result has a reason and, when full, a cutoff."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from krapte.placement.core.explain import (
    FILLED,
    INELIGIBLE,
    NO_PLACES,
    OBTAINED,
    QUOTA_FILLED,
    UNEXPLAINED,
    explain,
)
from krapte.placement.core.instance import PRIORITY_BY_PROGRAMME, PlacementInstance
from krapte.placement.core.matching import deferred_acceptance
from placement.helpers import build, instances, table_for_seed, table_with_lottery


def test_each_choice_above_the_result_says_why() -> None:
    instance = build(
        [1, 0, 1, 1],
        [[2], [2, 1, 0, 3]],
        programmes=[0, 1],
        offer_programmes=[[0], [], [], []],
        priorities=[(2, PRIORITY_BY_PROGRAMME, 0, 0)],
    )
    table = table_with_lottery(instance, [2, 1])
    found = explain(table, deferred_acceptance(table))
    rows = [
        (int(s), int(r), int(o), int(reason), int(c), int(lot))
        for s, r, o, reason, c, lot in zip(
            found.student, found.rank, found.offer, found.reason,
            found.cutoff_class, found.cutoff_lottery, strict=True,
        )
    ]  # fmt: skip
    assert rows == [
        (0, 1, 2, OBTAINED, -1, -1),
        (1, 1, 2, FILLED, 0, 2),
        (1, 2, 1, NO_PLACES, -1, -1),
        (1, 3, 0, INELIGIBLE, -1, -1),
        (1, 4, 3, OBTAINED, -1, -1),
    ]


def test_quota_reason_names_the_programme_cutoff() -> None:
    instance = build([3], [[0], [0]], programmes=[1, 1], quotas=[(0, 1, 1)])
    table = table_with_lottery(instance, [1, 2])
    found = explain(table, deferred_acceptance(table))
    assert found.reason.tolist() == [OBTAINED, QUOTA_FILLED]
    assert found.cutoff_lottery.tolist() == [-1, 1]


@settings(max_examples=100, deadline=None)
@given(instances(), st.integers(0, 2**32 - 1))
def test_stable_results_are_always_explained(instance: PlacementInstance, seed: int) -> None:
    table = table_for_seed(instance, seed)
    result = deferred_acceptance(table)
    found = explain(table, result)
    assert UNEXPLAINED not in found.reason.tolist()
    assert found.reason.tolist().count(OBTAINED) == int((result.offer >= 0).sum())
