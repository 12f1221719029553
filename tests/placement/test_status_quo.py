"""The simulated status quo: first come first served, give up after 50 refusals."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from krapte.placement.core.instance import PlacementInstance, eligible_pairs
from krapte.placement.core.status_quo import MAX_REFUSALS, simulate_status_quo
from placement.helpers import build, instances


def test_student_gives_up_after_fifty_refusals() -> None:
    result = simulate_status_quo(build([0, 0], [[0, 1]]), seed=1)
    assert result.offer.tolist() == [-1]
    assert result.refusals.tolist() == [MAX_REFUSALS]
    assert result.applications.tolist() == [MAX_REFUSALS]
    assert result.requests.sum() == MAX_REFUSALS


def test_first_choice_with_room_is_taken_at_once() -> None:
    result = simulate_status_quo(build([1, 1], [[1], [0]]), seed=3)
    assert result.offer.tolist() == [1, 0]
    assert result.applications.tolist() == [1, 1]
    assert result.refusals.tolist() == [0, 0]


@settings(max_examples=60, deadline=None)
@given(instances(), st.integers(0, 2**32 - 1))
def test_simulation_respects_capacity_quota_and_eligibility(
    instance: PlacementInstance, seed: int
) -> None:
    result = simulate_status_quo(instance, seed)
    placed = np.flatnonzero(result.offer >= 0)
    load = np.bincount(result.offer[placed], minlength=instance.n_offers)
    assert np.all(load <= instance.capacity)
    assert eligible_pairs(instance, placed, result.offer[placed]).all()
    assert np.all(result.refusals <= MAX_REFUSALS)
    assert np.all(result.applications == result.refusals + (result.offer >= 0))
    assert result.requests.sum() == result.applications.sum()
    again = simulate_status_quo(instance, seed)
    assert np.array_equal(again.offer, result.offer)
