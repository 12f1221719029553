"""The array form of a placement round: what the matching core computes on.

Students, offers, programmes, schools and levels are integer codes (0..n-1). Ranked lists are
stored CSR-style: the choices of student ``s`` are ``pref_offer[pref_ptr[s]:pref_ptr[s + 1]]``,
first choice first. Eligibility lists (programmes, levels, study years per offer) are CSR too; an
empty list means "all". Quotas and priorities are flat tables of pairs.

``prepare`` turns an instance and a lottery into an :class:`EntryTable`: one row per preference
entry with its eligibility, its priority score at the offer (lower is better) and the quota that
applies to the student's programme at that offer. Everything is vectorised: the cost grows with
the number of preference entries, never with students x offers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]

NO_QUOTA = np.iinfo(np.int64).max // 4
"""Quota of a programme that has none at an offer (larger than any capacity)."""

PRIORITY_BY_PROGRAMME = 0
PRIORITY_BY_SCHOOL = 1


def empty_ints() -> IntArray:
    return np.zeros(0, dtype=np.int64)


def as_ints(values: object) -> IntArray:
    return np.ascontiguousarray(np.asarray(values, dtype=np.int64))


def csr(lists: list[list[int]]) -> tuple[IntArray, IntArray]:
    """(ptr, values) of a list of integer lists."""
    lengths = np.fromiter((len(items) for items in lists), dtype=np.int64, count=len(lists))
    ptr = np.zeros(len(lists) + 1, dtype=np.int64)
    np.cumsum(lengths, out=ptr[1:])
    flat = [item for items in lists for item in items]
    return ptr, as_ints(flat) if flat else empty_ints()


def rows_of(ptr: IntArray) -> IntArray:
    """For a CSR pointer array, the row of every stored value."""
    return np.repeat(np.arange(len(ptr) - 1, dtype=np.int64), np.diff(ptr))


@dataclass(frozen=True)
class PlacementInstance:
    """One placement round as arrays. All codes are 0-based integers."""

    capacity: IntArray
    pref_ptr: IntArray
    pref_offer: IntArray
    student_programme: IntArray
    student_school: IntArray
    student_level: IntArray
    student_year: IntArray
    offer_programmes_ptr: IntArray
    offer_programmes: IntArray
    offer_levels_ptr: IntArray
    offer_levels: IntArray
    offer_years_ptr: IntArray
    offer_years: IntArray
    quota_offer: IntArray = field(default_factory=empty_ints)
    quota_programme: IntArray = field(default_factory=empty_ints)
    quota_limit: IntArray = field(default_factory=empty_ints)
    priority_offer: IntArray = field(default_factory=empty_ints)
    priority_kind: IntArray = field(default_factory=empty_ints)
    priority_value: IntArray = field(default_factory=empty_ints)
    priority_rank: IntArray = field(default_factory=empty_ints)

    @property
    def n_students(self) -> int:
        return len(self.pref_ptr) - 1

    @property
    def n_offers(self) -> int:
        return len(self.capacity)

    @property
    def n_entries(self) -> int:
        return len(self.pref_offer)

    def entry_student(self) -> IntArray:
        return rows_of(self.pref_ptr)

    def entry_rank(self) -> IntArray:
        """1-based rank of every preference entry within its student's list."""
        starts = np.repeat(self.pref_ptr[:-1], np.diff(self.pref_ptr))
        return np.arange(self.n_entries, dtype=np.int64) - starts + 1

    def n_codes(self) -> int:
        """An upper bound on every programme, school, level and year code plus one."""
        arrays = (
            self.student_programme,
            self.student_school,
            self.student_level,
            self.student_year,
            self.offer_programmes,
            self.offer_levels,
            self.offer_years,
            self.quota_programme,
            self.priority_value,
        )
        return 1 + max((int(a.max()) for a in arrays if len(a)), default=0)

    def with_preferences(self, pref_ptr: IntArray, pref_offer: IntArray) -> PlacementInstance:
        return _replace(self, pref_ptr=pref_ptr, pref_offer=pref_offer)


def _replace(instance: PlacementInstance, **changes: IntArray) -> PlacementInstance:
    from dataclasses import replace

    return replace(instance, **changes)


DENSE_LIMIT = 20_000_000
"""Largest offers x codes table built for a lookup; larger ones use sorted keys instead."""


def _pair_member(
    keys_rows: IntArray, keys_values: IntArray, rows: IntArray, values: IntArray, width: int
) -> BoolArray:
    """Whether each (rows[i], values[i]) occurs among the (keys_rows, keys_values) pairs."""
    if len(keys_rows) == 0 or len(rows) == 0:
        return np.zeros(len(rows), dtype=np.bool_)
    height = int(max(keys_rows.max(), rows.max())) + 1
    if height * width <= DENSE_LIMIT:
        table = np.zeros((height, width), dtype=np.bool_)
        table[keys_rows, keys_values] = True
        return np.asarray(table[rows, values])
    keys = np.unique(keys_rows * width + keys_values)
    probe = rows * width + values
    position = np.minimum(np.searchsorted(keys, probe), len(keys) - 1)
    return np.asarray(keys[position] == probe)


def _allowed(
    ptr: IntArray, values: IntArray, offers: IntArray, codes: IntArray, width: int
) -> BoolArray:
    open_to_all = np.diff(ptr)[offers] == 0
    listed = _pair_member(rows_of(ptr), values, offers, codes, width)
    return np.asarray(open_to_all | listed)


def eligible_pairs(instance: PlacementInstance, students: IntArray, offers: IntArray) -> BoolArray:
    """Whether student ``students[i]`` may take offer ``offers[i]`` (programme, level, year)."""
    width = instance.n_codes()
    ok = _allowed(
        instance.offer_programmes_ptr,
        instance.offer_programmes,
        offers,
        instance.student_programme[students],
        width,
    )
    ok &= _allowed(
        instance.offer_levels_ptr,
        instance.offer_levels,
        offers,
        instance.student_level[students],
        width,
    )
    ok &= _allowed(
        instance.offer_years_ptr,
        instance.offer_years,
        offers,
        instance.student_year[students],
        width,
    )
    return ok


def _lookup(
    key_rows: IntArray,
    key_values: IntArray,
    payload: IntArray,
    rows: IntArray,
    values: IntArray,
    width: int,
    missing: int,
) -> IntArray:
    """For each (row, value) probe, the payload of the matching key pair, else ``missing``.

    Several keys with the same pair keep the smallest payload.
    """
    if len(key_rows) == 0 or len(rows) == 0:
        return np.full(len(rows), missing, dtype=np.int64)
    height = int(max(key_rows.max(), rows.max())) + 1
    if height * width <= DENSE_LIMIT:
        table = np.full((height, width), missing, dtype=np.int64)
        np.minimum.at(table, (key_rows, key_values), payload)
        return np.asarray(table[rows, values])
    result = np.full(len(rows), missing, dtype=np.int64)
    keys = key_rows * width + key_values
    order = np.lexsort((payload, keys))
    keys, payload = keys[order], payload[order]
    first = np.ones(len(keys), dtype=np.bool_)
    first[1:] = keys[1:] != keys[:-1]
    keys, payload = keys[first], payload[first]
    probe = rows * width + values
    position = np.minimum(np.searchsorted(keys, probe), len(keys) - 1)
    hit = keys[position] == probe
    result[hit] = payload[position[hit]]
    return result


def priority_class(instance: PlacementInstance, students: IntArray, offers: IntArray) -> IntArray:
    """The priority class of each student at each offer (0 is the best; unlisted comes last)."""
    width = instance.n_codes()
    missing = int(instance.priority_rank.max()) + 1 if len(instance.priority_rank) else 0
    classes = np.full(len(students), missing, dtype=np.int64)
    for kind, attribute in (
        (PRIORITY_BY_PROGRAMME, instance.student_programme),
        (PRIORITY_BY_SCHOOL, instance.student_school),
    ):
        chosen = instance.priority_kind == kind
        found = _lookup(
            instance.priority_offer[chosen],
            instance.priority_value[chosen],
            instance.priority_rank[chosen],
            offers,
            attribute[students],
            width,
            missing,
        )
        np.minimum(classes, found, out=classes)
    return classes


def quota_of(instance: PlacementInstance, students: IntArray, offers: IntArray) -> IntArray:
    """The quota of each student's programme at each offer (``NO_QUOTA`` when there is none)."""
    return _lookup(
        instance.quota_offer,
        instance.quota_programme,
        instance.quota_limit,
        offers,
        instance.student_programme[students],
        instance.n_codes(),
        NO_QUOTA,
    )


def draw_lottery(n_students: int, seed: int) -> IntArray:
    """One lottery number per student (1..n, a permutation), drawn from ``seed``."""
    rng = np.random.default_rng(seed)
    return rng.permutation(n_students).astype(np.int64) + 1


@dataclass(frozen=True)
class EntryTable:
    """One row per preference entry, ready for deferred acceptance and the checker."""

    student: IntArray
    offer: IntArray
    rank: IntArray
    eligible: BoolArray
    score: IntArray
    """Priority of the student at the offer: class * (n + 1) + lottery number; lower wins."""
    group: IntArray
    """The quota group of the entry: offer * width + student programme."""
    quota: IntArray
    capacity: IntArray
    ptr: IntArray
    lottery: IntArray
    priority: IntArray


def prepare(instance: PlacementInstance, lottery: IntArray) -> EntryTable:
    students = instance.entry_student()
    offers = instance.pref_offer
    classes = priority_class(instance, students, offers)
    width = instance.n_codes()
    return EntryTable(
        student=students,
        offer=offers,
        rank=instance.entry_rank(),
        eligible=eligible_pairs(instance, students, offers),
        score=classes * (instance.n_students + 1) + lottery[students],
        group=offers * width + instance.student_programme[students],
        quota=quota_of(instance, students, offers),
        capacity=instance.capacity,
        ptr=instance.pref_ptr,
        lottery=lottery,
        priority=classes,
    )
