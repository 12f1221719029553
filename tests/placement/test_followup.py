"""Follow-up round: fills free places, never moves a placed student."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from krapte.placement.core.followup import followup, remaining_instance, sampled_followup_lists
from krapte.placement.core.instance import (
    PlacementInstance,
    csr,
    draw_lottery,
    eligible_pairs,
    rows_of,
)
from krapte.placement.core.matching import deferred_acceptance
from krapte.placement.core.stability import check_assignment
from placement.helpers import build, instances, table_for_seed


def test_followup_never_moves_placed_student() -> None:
    instance = build([1, 2], [[0], [0], [0]])
    lottery = np.array([1, 2, 3])
    first = np.array([0, -1, -1])
    ptr, offers = csr([[1], [1], [1]])
    done = followup(instance, first, ptr, offers, lottery)
    assert done.offer.tolist() == [0, 1, 1]
    assert done.new.tolist() == [1, 2]


def test_followup_respects_remaining_capacity() -> None:
    instance = build([2], [[0], [0], [0]])
    ptr, offers = csr([[], [0], [0]])
    done = followup(instance, np.array([0, -1, -1]), ptr, offers, np.array([1, 3, 2]))
    assert done.offer.tolist() == [0, -1, 0]


def test_followup_respects_remaining_quota() -> None:
    instance = build([3], [[0], [0], [0]], programmes=[1, 1, 0], quotas=[(0, 1, 1)])
    ptr, offers = csr([[], [0], [0]])
    done = followup(instance, np.array([0, -1, -1]), ptr, offers, np.array([1, 2, 3]))
    assert done.offer.tolist() == [0, -1, 0]


@settings(max_examples=80, deadline=None)
@given(instances(), st.integers(0, 2**32 - 1), st.data())
def test_followup_keeps_placements_and_is_stable_on_what_is_left(
    instance: PlacementInstance, seed: int, data: st.DataObject
) -> None:
    first = deferred_acceptance(table_for_seed(instance, seed)).offer
    m = instance.n_offers
    lists = [
        data.draw(st.lists(st.integers(0, m - 1), unique=True, max_size=3))
        for _ in range(instance.n_students)
    ]
    ptr, offers = csr(lists)
    lottery = draw_lottery(instance.n_students, seed + 1)
    done = followup(instance, first, ptr, offers, lottery)
    placed = first >= 0
    assert np.array_equal(done.offer[placed], first[placed])
    load = np.bincount(done.offer[done.offer >= 0], minlength=m)
    assert np.all(load <= instance.capacity)
    second_round = np.where(placed, -1, done.offer)
    assert check_assignment(done.table, second_round).ok
    assert len(rows_of(done.instance.pref_ptr)) == int(np.diff(ptr)[~placed].sum())


@settings(max_examples=60, deadline=None)
@given(instances(), st.integers(0, 2**32 - 1))
def test_sampled_followup_lists_hold_free_eligible_offers_of_unplaced_students(
    instance: PlacementInstance, seed: int
) -> None:
    first = deferred_acceptance(table_for_seed(instance, seed)).offer
    ptr, offers = sampled_followup_lists(instance, first, seed, max_choices=3)
    owners = rows_of(ptr)
    assert np.all(first[owners] < 0)
    assert np.all(np.diff(ptr) <= 3)
    assert eligible_pairs(instance, owners, offers).all()
    left = remaining_instance(instance, first).capacity
    assert np.all(left[offers] > 0)
    assert len(set(zip(owners.tolist(), offers.tolist(), strict=True))) == len(offers)
