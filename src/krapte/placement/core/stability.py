"""Checks any assignment against an instance: blocking pairs and rule violations.

An assignment gives every student one offer or none. It is *feasible* when no offer holds more
students than its capacity, no programme exceeds its quota at an offer, and every student holds an
offer from their own list for which they are eligible. A feasible assignment is *stable* when no
student ``s`` and offer ``o`` block it: ``s`` is eligible for ``o`` and ranks it above what ``s``
holds, and ``o`` would take ``s`` by its choice rule, i.e. fewer than ``capacity`` of its students
have a better priority than ``s`` and fewer than the quota of ``s``'s programme among the students
of that programme.

Cost: sorting and binary searches over the preference entries, so O(E log E) for E entries.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from krapte.placement.core.instance import BoolArray, EntryTable, IntArray

CAPACITY = "capaciteit"
QUOTA = "quotum"
INELIGIBLE = "niet_in_aanmerking"
NOT_LISTED = "niet_gevraagd"


@dataclass(frozen=True)
class Violation:
    """A broken rule: ``kind`` is one of the constants above; ``student`` is -1 for an offer."""

    kind: str
    offer: int
    student: int = -1
    amount: int = 0
    limit: int = 0


@dataclass(frozen=True)
class CheckReport:
    blocking_students: IntArray
    blocking_offers: IntArray
    violations: tuple[Violation, ...]

    @property
    def ok(self) -> bool:
        return len(self.blocking_students) == 0 and not self.violations

    def blocking_pairs(self) -> list[tuple[int, int]]:
        return list(
            zip(self.blocking_students.tolist(), self.blocking_offers.tolist(), strict=True)
        )


def assigned_entries(table: EntryTable, assigned: IntArray) -> IntArray:
    """Per student, the preference entry of the offer it holds (-1 when none or not listed)."""
    entry = np.full(len(assigned), -1, dtype=np.int64)
    hits = np.flatnonzero(table.offer == assigned[table.student])
    entry[table.student[hits]] = hits
    return entry


def _count_better(keys_sorted: IntArray, group_start: IntArray, probe: IntArray) -> IntArray:
    return np.searchsorted(keys_sorted, probe) - np.searchsorted(keys_sorted, group_start)


def _worst_score(keys: IntArray, scores: IntArray, size: int) -> IntArray:
    """Per key (0..size-1) the largest score among rows with that key, -1 when none."""
    worst = np.full(size, -1, dtype=np.int64)
    np.maximum.at(worst, keys, scores)
    return worst


def would_take_by_worst(table: EntryTable, members: IntArray, candidate: IntArray) -> BoolArray:
    """Feasible assignments only: an offer takes ``s`` when it has room or holds someone worse,
    and the same within the student's programme quota."""
    n_offers = len(table.capacity)
    offers = table.offer[candidate]
    scores = table.score[candidate]
    load = np.bincount(table.offer[members], minlength=n_offers)
    worst = _worst_score(table.offer[members], table.score[members], n_offers)
    by_offer = (load[offers] < table.capacity[offers]) | (worst[offers] > scores)
    groups, member_groups = table.group[candidate], table.group[members]
    keys, inverse = np.unique(np.concatenate((member_groups, groups)), return_inverse=True)
    group_load = np.bincount(inverse[: len(members)], minlength=len(keys))
    group_worst = _worst_score(inverse[: len(members)], table.score[members], len(keys))
    probe = inverse[len(members) :]
    by_quota = (group_load[probe] < table.quota[candidate]) | (group_worst[probe] > scores)
    return np.asarray(by_offer & by_quota)


def would_take_by_counting(table: EntryTable, members: IntArray, candidate: IntArray) -> BoolArray:
    """Any assignment: count the members with a better priority than ``s``."""
    span = int(table.score.max()) + 1 if len(table.score) else 1
    group_bound = int(table.group.max()) + 1 if len(table.group) else 1
    if max(len(table.capacity), group_bound) * span >= 2**62:
        raise OverflowError("instance too large for the combined sort keys")
    offer_keys = np.sort(table.offer[members] * span + table.score[members])
    group_keys = np.sort(table.group[members] * span + table.score[members])
    offers = table.offer[candidate]
    groups = table.group[candidate]
    scores = table.score[candidate]
    better_at_offer = _count_better(offer_keys, offers * span, offers * span + scores)
    better_in_group = _count_better(group_keys, groups * span, groups * span + scores)
    return np.asarray(
        (better_at_offer < table.capacity[offers]) & (better_in_group < table.quota[candidate])
    )


def check_assignment(table: EntryTable, assigned: IntArray) -> CheckReport:
    """List blocking pairs and violations of ``assigned`` (offer per student, -1 when none)."""
    n_offers = len(table.capacity)
    entry = assigned_entries(table, assigned)
    violations: list[Violation] = []
    holding = np.flatnonzero(assigned >= 0)
    for student in holding[entry[holding] < 0].tolist():
        violations.append(Violation(NOT_LISTED, int(assigned[student]), student))
    members = entry[entry >= 0]
    for member in members[~table.eligible[members]].tolist():
        violations.append(
            Violation(INELIGIBLE, int(table.offer[member]), int(table.student[member]))
        )
    load = np.bincount(assigned[holding], minlength=n_offers)
    for offer in np.flatnonzero(load > table.capacity).tolist():
        violations.append(
            Violation(CAPACITY, offer, -1, int(load[offer]), int(table.capacity[offer]))
        )
    groups, first, counts = np.unique(table.group[members], return_index=True, return_counts=True)
    quotas = table.quota[members[first]]
    for index in np.flatnonzero(counts > quotas).tolist():
        member = int(members[first[index]])
        violations.append(
            Violation(QUOTA, int(table.offer[member]), -1, int(counts[index]), int(quotas[index]))
        )
    del groups
    held_rank = np.full(len(assigned), np.iinfo(np.int64).max, dtype=np.int64)
    matched = entry >= 0
    held_rank[matched] = table.rank[entry[matched]]
    candidate = np.flatnonzero(table.eligible & (table.rank < held_rank[table.student]))
    if violations:
        blocks = would_take_by_counting(table, members, candidate)
    else:
        blocks = would_take_by_worst(table, members, candidate)
    blocking = candidate[blocks]
    return CheckReport(
        blocking_students=table.student[blocking],
        blocking_offers=table.offer[blocking],
        violations=tuple(violations),
    )
