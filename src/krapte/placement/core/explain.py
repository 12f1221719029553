"""Why each student got what they got: one line per choice up to the one obtained.

For every offer a student ranked above the result (all offers when unmatched) the reason is one
of: not eligible, no places, the offer was filled by students it prioritises (with the cutoff:
the priority class and lottery number of the last student it took), or the student's programme
quota at the offer was filled (with the cutoff within that programme). In a stable matching one
of these always holds; ``UNEXPLAINED`` would reveal a blocking pair.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from krapte.placement.core.instance import EntryTable, IntArray
from krapte.placement.core.matching import MatchResult

OBTAINED = 0
INELIGIBLE = 1
NO_PLACES = 2
FILLED = 3
QUOTA_FILLED = 4
UNEXPLAINED = 5
REASONS = (
    "toegewezen",
    "niet_in_aanmerking",
    "geen_plaatsen",
    "volzet_met_voorrang",
    "quotum_opleiding_vol",
    "onverklaard",
)


@dataclass(frozen=True)
class Explanations:
    """Parallel arrays, one row per explained preference entry, ordered by student and rank."""

    student: IntArray
    rank: IntArray
    offer: IntArray
    reason: IntArray
    cutoff_class: IntArray
    """Priority class of the last student taken (0 = highest); -1 when not applicable."""
    cutoff_lottery: IntArray
    """Lottery number of the last student taken; -1 when not applicable."""


#: Keys below this many are looked up in a dense array instead of by sorting and searching.
DENSE_KEYS = 1 << 26


def _dense_size(keys: IntArray, probe: IntArray) -> int | None:
    """The size of a dense table over ``keys`` and ``probe`` (non-negative), or None if too big."""
    largest = max(int(keys.max()) if len(keys) else 0, int(probe.max()) if len(probe) else 0)
    return largest + 1 if largest < DENSE_KEYS else None


def _worst(keys: IntArray, scores: IntArray, probe: IntArray) -> tuple[IntArray, np.ndarray]:
    """For each probe key, the largest score among rows with that key (and whether any exists).

    Scores are non-negative.
    """
    if len(keys) == 0:
        return np.full(len(probe), -1, dtype=np.int64), np.zeros(len(probe), dtype=np.bool_)
    size = _dense_size(keys, probe)
    if size is not None:
        dense = np.full(size, -1, dtype=np.int64)
        np.maximum.at(dense, keys, scores)
        worst = dense[probe]
        return worst, worst >= 0
    order = np.lexsort((scores, keys))
    keys, scores = keys[order], scores[order]
    last = np.ones(len(keys), dtype=np.bool_)
    last[:-1] = keys[1:] != keys[:-1]
    keys, scores = keys[last], scores[last]
    position = np.minimum(np.searchsorted(keys, probe), len(keys) - 1)
    found = keys[position] == probe
    return np.where(found, scores[position], -1), found


def _counts(keys: IntArray, probe: IntArray) -> IntArray:
    """For each probe key, the number of rows with that key."""
    size = _dense_size(keys, probe)
    if size is not None:
        return np.bincount(keys, minlength=size)[probe]
    if len(keys) == 0:
        return np.zeros(len(probe), dtype=np.int64)
    unique, counts = np.unique(keys, return_counts=True)
    position = np.minimum(np.searchsorted(unique, probe), len(unique) - 1)
    return np.where(unique[position] == probe, counts[position], 0)


def explain(table: EntryTable, result: MatchResult) -> Explanations:
    n_students = len(table.ptr) - 1
    held_rank = np.full(n_students, np.iinfo(np.int64).max, dtype=np.int64)
    matched = result.entry >= 0
    held_rank[matched] = table.rank[result.entry[matched]]
    rows = np.flatnonzero(table.rank <= held_rank[table.student])
    members = result.entry[matched]
    offers, groups = table.offer[rows], table.group[rows]
    worst_offer, _ = _worst(table.offer[members], table.score[members], offers)
    worst_group, _ = _worst(table.group[members], table.score[members], groups)
    load = np.bincount(table.offer[members], minlength=len(table.capacity))
    group_load = _counts(table.group[members], groups)
    reason = np.full(len(rows), UNEXPLAINED, dtype=np.int64)
    cutoff = np.full(len(rows), -1, dtype=np.int64)
    quota_full = (group_load >= table.quota[rows]) & (worst_group < table.score[rows])
    offer_full = (load[offers] >= table.capacity[offers]) & (worst_offer < table.score[rows])
    reason[quota_full] = QUOTA_FILLED
    cutoff[quota_full] = worst_group[quota_full]
    reason[offer_full] = FILLED
    cutoff[offer_full] = worst_offer[offer_full]
    reason[table.capacity[offers] == 0] = NO_PLACES
    reason[~table.eligible[rows]] = INELIGIBLE
    reason[table.rank[rows] == held_rank[table.student[rows]]] = OBTAINED
    cutoff[reason < FILLED] = -1
    span = n_students + 1
    return Explanations(
        student=table.student[rows],
        rank=table.rank[rows],
        offer=offers,
        reason=reason,
        cutoff_class=np.where(cutoff >= 0, cutoff // span, -1),
        cutoff_lottery=np.where(cutoff >= 0, cutoff % span, -1),
    )
