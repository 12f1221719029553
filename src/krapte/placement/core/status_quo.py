"""Today's decentralised search, simulated on the same instance as the central allocation.

Every week (round) each student who is still searching sends one application: first to the offers
on their own list, in order, then to offers picked at random, as students do once their favourites
say no. Within a round applications arrive in random order and organisations accept first come,
first served while they have room (and their programme quotas allow), refusing the rest, and also
refusing students who are not eligible. A student stops when placed or after ``max_refusals``
refusals (50 by default, the figure students report).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from krapte.placement.core.instance import IntArray, PlacementInstance, eligible_pairs, quota_of
from krapte.placement.core.matching import _rank_within

MAX_REFUSALS = 50


@dataclass(frozen=True)
class StatusQuoResult:
    offer: IntArray
    """Per student the offer obtained, -1 when the student gave up."""
    applications: IntArray
    """Per student the number of applications sent."""
    refusals: IntArray
    requests: IntArray
    """Per offer the number of applications received."""
    rounds: int


def simulate_status_quo(
    instance: PlacementInstance, seed: int, max_refusals: int = MAX_REFUSALS
) -> StatusQuoResult:
    rng = np.random.default_rng(seed)
    n, n_offers = instance.n_students, instance.n_offers
    width = instance.n_codes()
    offer = np.full(n, -1, dtype=np.int64)
    applications = np.zeros(n, dtype=np.int64)
    refusals = np.zeros(n, dtype=np.int64)
    requests = np.zeros(n_offers, dtype=np.int64)
    room = instance.capacity.astype(np.int64).copy()
    taken: dict[int, int] = {}
    lengths = np.diff(instance.pref_ptr)
    active = np.arange(n, dtype=np.int64) if n_offers else np.zeros(0, dtype=np.int64)
    rounds = 0
    while len(active):
        rounds += 1
        from_list = applications[active] < lengths[active]
        target = rng.integers(0, n_offers, size=len(active))
        listed = instance.pref_ptr[active[from_list]] + applications[active[from_list]]
        target[from_list] = instance.pref_offer[listed]
        applications[active] += 1
        np.add.at(requests, target, 1)
        ok = eligible_pairs(instance, active, target) & (room[target] > 0)
        groups = target * width + instance.student_programme[active]
        quota = quota_of(instance, active, target)
        used = np.array([taken.get(g, 0) for g in groups[quota < 2**40].tolist()], dtype=np.int64)
        left = quota.copy()
        left[quota < 2**40] -= used
        arrival = rng.permutation(len(active))
        order = np.lexsort((arrival, groups))
        within_group = np.zeros(len(active), dtype=np.int64)
        candidates = order[ok[order]]
        within_group[candidates] = _rank_within(groups[candidates])
        ok &= within_group < left
        candidates = np.flatnonzero(ok)
        order = candidates[np.lexsort((arrival[candidates], target[candidates]))]
        accepted = order[_rank_within(target[order]) < room[target[order]]]
        offer[active[accepted]] = target[accepted]
        np.subtract.at(room, target[accepted], 1)
        for group in groups[accepted][quota[accepted] < 2**40].tolist():
            taken[group] = taken.get(group, 0) + 1
        refused = np.ones(len(active), dtype=np.bool_)
        refused[accepted] = False
        refusals[active[refused]] += 1
        still = active[refused]
        active = still[refusals[still] < max_refusals]
    return StatusQuoResult(
        offer=offer, applications=applications, refusals=refusals, requests=requests, rounds=rounds
    )
