"""Tiny builders for placement tests: hand-written instances and a hypothesis strategy."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from hypothesis import strategies as st

from krapte.placement.core.instance import (
    EntryTable,
    IntArray,
    PlacementInstance,
    as_ints,
    csr,
    draw_lottery,
    prepare,
)


def build(
    capacities: Sequence[int],
    preferences: Sequence[Sequence[int]],
    *,
    programmes: Sequence[int] | None = None,
    schools: Sequence[int] | None = None,
    levels: Sequence[int] | None = None,
    years: Sequence[int] | None = None,
    offer_programmes: Sequence[Sequence[int]] | None = None,
    offer_levels: Sequence[Sequence[int]] | None = None,
    offer_years: Sequence[Sequence[int]] | None = None,
    quotas: Sequence[tuple[int, int, int]] = (),
    priorities: Sequence[tuple[int, int, int, int]] = (),
) -> PlacementInstance:
    """Students 0..n-1 with ``preferences[s]`` (offer indices); everything else optional.

    ``quotas``: (offer, programme, limit); ``priorities``: (offer, kind, value, rank).
    """
    n, m = len(preferences), len(capacities)
    pref_ptr, pref_offer = csr([list(p) for p in preferences])
    prog_ptr, prog = csr([list(x) for x in offer_programmes or [[]] * m])
    level_ptr, level = csr([list(x) for x in offer_levels or [[]] * m])
    year_ptr, year = csr([list(x) for x in offer_years or [[]] * m])
    q = np.array(quotas, dtype=np.int64).reshape(-1, 3)
    p = np.array(priorities, dtype=np.int64).reshape(-1, 4)
    return PlacementInstance(
        capacity=as_ints(capacities),
        pref_ptr=pref_ptr,
        pref_offer=pref_offer,
        student_programme=as_ints(programmes or [0] * n),
        student_school=as_ints(schools or [0] * n),
        student_level=as_ints(levels or [0] * n),
        student_year=as_ints(years or [1] * n),
        offer_programmes_ptr=prog_ptr,
        offer_programmes=prog,
        offer_levels_ptr=level_ptr,
        offer_levels=level,
        offer_years_ptr=year_ptr,
        offer_years=year,
        quota_offer=as_ints(q[:, 0]),
        quota_programme=as_ints(q[:, 1]),
        quota_limit=as_ints(q[:, 2]),
        priority_offer=as_ints(p[:, 0]),
        priority_kind=as_ints(p[:, 1]),
        priority_value=as_ints(p[:, 2]),
        priority_rank=as_ints(p[:, 3]),
    )


def table_with_lottery(instance: PlacementInstance, lottery: Sequence[int]) -> EntryTable:
    return prepare(instance, as_ints(lottery))


def table_for_seed(instance: PlacementInstance, seed: int) -> EntryTable:
    return prepare(instance, draw_lottery(instance.n_students, seed))


def reference_deferred_acceptance(table: EntryTable) -> IntArray:
    """Textbook one-proposal-at-a-time deferred acceptance (slow, for cross-checking)."""
    n = len(table.ptr) - 1
    held: dict[int, list[int]] = {}
    nxt = [int(table.ptr[s]) for s in range(n)]
    free = list(range(n))
    assigned = [-1] * n
    while free:
        student = free.pop()
        while nxt[student] < table.ptr[student + 1]:
            entry = nxt[student]
            nxt[student] += 1
            if not table.eligible[entry]:
                continue
            offer = int(table.offer[entry])
            pool = sorted([*held.get(offer, []), entry], key=lambda e: int(table.score[e]))
            kept: list[int] = []
            per_group: dict[int, int] = {}
            for candidate in pool:
                group = int(table.group[candidate])
                if (
                    len(kept) < table.capacity[offer]
                    and per_group.get(group, 0) < table.quota[candidate]
                ):
                    kept.append(candidate)
                    per_group[group] = per_group.get(group, 0) + 1
            held[offer] = kept
            for candidate in pool:
                if candidate not in kept and candidate != entry:
                    assigned[int(table.student[candidate])] = -1
                    free.append(int(table.student[candidate]))
            if entry in kept:
                assigned[student] = offer
                break
    return np.array(assigned, dtype=np.int64)


@st.composite
def instances(draw: st.DrawFn, quotas: bool = True, max_students: int = 14) -> PlacementInstance:
    """Random small instances with eligibility, optional quotas and priorities."""
    m = draw(st.integers(1, 6))
    n = draw(st.integers(1, max_students))
    capacities = draw(st.lists(st.integers(0, 3), min_size=m, max_size=m))
    offers = list(range(m))
    preferences = [
        draw(st.lists(st.sampled_from(offers), unique=True, max_size=min(m, 5))) for _ in range(n)
    ]
    codes = st.integers(0, 2)
    programmes = draw(st.lists(codes, min_size=n, max_size=n))
    schools = draw(st.lists(codes, min_size=n, max_size=n))
    years = draw(st.lists(st.integers(1, 3), min_size=n, max_size=n))
    allowed = st.lists(codes, unique=True, max_size=2)
    offer_programmes = draw(st.lists(allowed, min_size=m, max_size=m))
    offer_years = draw(
        st.lists(st.lists(st.integers(1, 3), unique=True, max_size=2), min_size=m, max_size=m)
    )
    quota_rows: list[tuple[int, int, int]] = []
    if quotas:
        quota_rows = draw(
            st.lists(
                st.tuples(st.sampled_from(offers), codes, st.integers(0, 2)),
                unique_by=lambda row: (row[0], row[1]),
                max_size=4,
            )
        )
    priority_rows = draw(
        st.lists(
            st.tuples(st.sampled_from(offers), st.integers(0, 1), codes, st.integers(0, 2)),
            max_size=4,
        )
    )
    return build(
        capacities,
        preferences,
        programmes=programmes,
        schools=schools,
        years=years,
        offer_programmes=offer_programmes,
        offer_years=offer_years,
        quotas=quota_rows,
        priorities=priority_rows,
    )
