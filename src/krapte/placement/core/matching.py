"""Student-proposing deferred acceptance with capacities, eligibility and programme quotas.

Round-based and vectorised: in every round all free students propose at once to their next
eligible choice; every offer that received proposals reconsiders its held students together with
the new proposers and keeps the best ones by its choice rule, rejecting the others. The result does
not depend on the order in which proposals are made, so it is the same student-optimal stable
matching that the one-proposal-at-a-time algorithm of Gale and Shapley gives.

An offer's choice rule (``choose``): take the candidates in priority order (lower score first) and
accept one while the offer has room and the candidate's programme is under its quota. This rule
is substitutable and respects the law of aggregate demand, which is what makes the student-
proposing algorithm stable and student-optimal with quotas too.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from krapte.placement.core.instance import (
    NO_QUOTA,
    BoolArray,
    EntryTable,
    IntArray,
    PlacementInstance,
    draw_lottery,
    prepare,
)

UNMATCHED = -1


@dataclass(frozen=True)
class MatchResult:
    """Per student: the offer obtained and the preference entry it came from (-1 when none)."""

    offer: IntArray
    entry: IntArray
    rounds: int

    def rank(self, table: EntryTable) -> IntArray:
        """1-based rank obtained per student, 0 when unmatched."""
        ranks = np.zeros(len(self.offer), dtype=np.int64)
        matched = self.entry >= 0
        ranks[matched] = table.rank[self.entry[matched]]
        return ranks


def _rank_within(sorted_keys: IntArray) -> IntArray:
    """Position of every element within its run of equal keys (keys already sorted)."""
    n = len(sorted_keys)
    positions = np.arange(n, dtype=np.int64)
    starts = np.ones(n, dtype=np.bool_)
    starts[1:] = sorted_keys[1:] != sorted_keys[:-1]
    first = np.maximum.accumulate(np.where(starts, positions, 0))
    return positions - first


class _Sorter:
    """Sorts candidate entries by (key, score) with one argsort when the product fits in int64."""

    def __init__(self, score: IntArray, key_bound: int) -> None:
        self.score = score
        self.span = int(score.max()) + 1 if len(score) else 1
        self.combined = key_bound * self.span < 2**62

    def order(self, keys: IntArray, cand: IntArray) -> IntArray:
        if self.combined:
            return np.argsort(keys * self.span + self.score[cand])
        return np.lexsort((self.score[cand], keys))


def choose(
    table: EntryTable,
    cand: IntArray,
    capacity: IntArray,
    by_group: _Sorter | None = None,
    by_offer: _Sorter | None = None,
) -> BoolArray:
    """Which candidate entries their offers accept (priority order, capacity and quotas)."""
    accepted = np.zeros(len(cand), dtype=np.bool_)
    if len(cand) == 0:
        return accepted
    by_offer = by_offer or _Sorter(table.score, len(capacity))
    positions = np.arange(len(cand), dtype=np.int64)
    quota = table.quota[cand]
    if np.any(quota < NO_QUOTA):
        by_group = by_group or _Sorter(table.score, int(table.group.max()) + 1)
        groups = table.group[cand]
        order = by_group.order(groups, cand)
        within = _rank_within(groups[order])
        positions = order[within < quota[order]]
    offers = table.offer[cand[positions]]
    order = by_offer.order(offers, cand[positions])
    within = _rank_within(offers[order])
    keep = within < capacity[offers[order]]
    accepted[positions[order[keep]]] = True
    return accepted


def deferred_acceptance(table: EntryTable, capacity: IntArray | None = None) -> MatchResult:
    """Student-optimal stable matching of the entries in ``table`` (ineligible ones skipped)."""
    capacity = table.capacity if capacity is None else capacity
    n_students = len(table.ptr) - 1
    n_offers = len(capacity)
    usable = table.eligible & (capacity[table.offer] > 0) & (table.quota > 0)
    proposals = np.flatnonzero(usable)
    counts = np.bincount(table.student[proposals], minlength=n_students)
    ptr = np.zeros(n_students + 1, dtype=np.int64)
    np.cumsum(counts, out=ptr[1:])
    following = ptr[:-1].copy()
    end = ptr[1:]
    held = np.full(n_students, UNMATCHED, dtype=np.int64)
    held_offer = np.full(n_students, n_offers, dtype=np.int64)
    touched = np.zeros(n_offers + 1, dtype=np.bool_)
    by_offer = _Sorter(table.score, n_offers)
    by_group = _Sorter(table.score, int(table.group.max()) + 1 if len(table.group) else 1)
    free = np.flatnonzero(end > following)
    rounds = 0
    while len(free):
        rounds += 1
        proposed = proposals[following[free]]
        following[free] += 1
        touched[table.offer[proposed]] = True
        holders = np.flatnonzero(touched[held_offer])
        touched[table.offer[proposed]] = False
        cand = np.concatenate((held[holders], proposed))
        accepted = choose(table, cand, capacity, by_group, by_offer)
        held[holders] = UNMATCHED
        held_offer[holders] = n_offers
        kept = cand[accepted]
        held[table.student[kept]] = kept
        held_offer[table.student[kept]] = table.offer[kept]
        rejected = table.student[cand[~accepted]]
        free = rejected[following[rejected] < end[rejected]]
    offer = np.full(n_students, UNMATCHED, dtype=np.int64)
    offer[held >= 0] = table.offer[held[held >= 0]]
    return MatchResult(offer=offer, entry=held, rounds=rounds)


def match(instance: PlacementInstance, seed: int) -> tuple[MatchResult, EntryTable]:
    """Draw the lottery from ``seed`` and run deferred acceptance on ``instance``."""
    table = prepare(instance, draw_lottery(instance.n_students, seed))
    return deferred_acceptance(table), table
