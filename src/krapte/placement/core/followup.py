"""A follow-up round: unmatched students rank the places still free; nobody placed moves.

The follow-up instance keeps every offer with its remaining capacity and remaining programme
quotas; placed students get empty lists. Deferred acceptance on it, merged with the first round,
fills free places without touching any earlier placement.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from krapte.placement.core.instance import (
    EntryTable,
    IntArray,
    PlacementInstance,
    eligible_pairs,
    prepare,
    rows_of,
)
from krapte.placement.core.matching import deferred_acceptance


@dataclass(frozen=True)
class FollowupResult:
    offer: IntArray
    """Per student the final offer (first round or follow-up), -1 when still unmatched."""
    new: IntArray
    """Students placed in the follow-up round."""
    instance: PlacementInstance
    """The follow-up instance: remaining capacities and quotas, lists of unplaced students."""
    table: EntryTable


def remaining_instance(instance: PlacementInstance, assigned: IntArray) -> PlacementInstance:
    """The same offers with the capacity and quotas left after ``assigned``."""
    placed = np.flatnonzero(assigned >= 0)
    load = np.bincount(assigned[placed], minlength=instance.n_offers)
    capacity = np.maximum(instance.capacity - load, 0)
    width = instance.n_codes()
    used_keys = assigned[placed] * width + instance.student_programme[placed]
    quota_keys = instance.quota_offer * width + instance.quota_programme
    used = np.zeros(len(quota_keys), dtype=np.int64)
    if len(used_keys) and len(quota_keys):
        keys, counts = np.unique(used_keys, return_counts=True)
        position = np.minimum(np.searchsorted(keys, quota_keys), len(keys) - 1)
        hit = keys[position] == quota_keys
        used[hit] = counts[position[hit]]
    limit = np.maximum(instance.quota_limit - used, 0)
    return replace(instance, capacity=capacity, quota_limit=limit)


def followup(
    instance: PlacementInstance,
    assigned: IntArray,
    pref_ptr: IntArray,
    pref_offer: IntArray,
    lottery: IntArray,
) -> FollowupResult:
    """Run the follow-up round on new lists (CSR) of the students; placed students' lists are
    ignored."""
    owners = rows_of(pref_ptr)
    keep = assigned[owners] < 0
    counts = np.bincount(owners[keep], minlength=instance.n_students)
    ptr = np.zeros(instance.n_students + 1, dtype=np.int64)
    np.cumsum(counts, out=ptr[1:])
    remaining = remaining_instance(instance, assigned).with_preferences(ptr, pref_offer[keep])
    table = prepare(remaining, lottery)
    result = deferred_acceptance(table)
    final = np.where(assigned >= 0, assigned, result.offer)
    new = np.flatnonzero((assigned < 0) & (result.offer >= 0))
    return FollowupResult(offer=final, new=new, instance=remaining, table=table)


def sampled_followup_lists(
    instance: PlacementInstance, assigned: IntArray, seed: int, max_choices: int, draws: int = 40
) -> tuple[IntArray, IntArray]:
    """Follow-up lists for a simulation: every unplaced student ranks up to ``max_choices``
    distinct eligible offers with free places, drawn at random (``draws`` tries per student)."""
    rng = np.random.default_rng(seed)
    remaining = remaining_instance(instance, assigned)
    free_offers = np.flatnonzero(remaining.capacity > 0)
    unplaced = np.flatnonzero(assigned < 0)
    ptr = np.zeros(instance.n_students + 1, dtype=np.int64)
    if len(free_offers) == 0 or len(unplaced) == 0:
        return ptr, np.zeros(0, dtype=np.int64)
    students = np.repeat(unplaced, draws)
    offers = free_offers[rng.integers(0, len(free_offers), size=len(students))]
    keep = eligible_pairs(instance, students, offers)
    students, offers = students[keep], offers[keep]
    order = np.lexsort((np.arange(len(students)), offers, students))
    first = np.ones(len(order), dtype=np.bool_)
    first[1:] = (students[order][1:] != students[order][:-1]) | (
        offers[order][1:] != offers[order][:-1]
    )
    chosen = np.sort(order[first])
    students, offers = students[chosen], offers[chosen]
    starts = np.searchsorted(students, students, side="left")
    within = np.arange(len(students)) - starts
    students, offers = students[within < max_choices], offers[within < max_choices]
    np.cumsum(np.bincount(students, minlength=instance.n_students), out=ptr[1:])
    return ptr, offers
