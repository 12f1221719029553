"""Figures of a run: match rate, ranks obtained, unfilled places and unmatched students.

Pure: arrays and label lists in, a JSON-ready dictionary out. An offer open to several (or all)
programmes counts its free places under each programme it admits (``alle`` when open to all), so
the per-programme totals of unfilled places may add up to more than the overall total.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from krapte.placement.core.instance import IntArray

ALL_PROGRAMMES = "alle"


@dataclass(frozen=True)
class OfferLabels:
    sector: Sequence[str]
    province: Sequence[str]
    programmes: Sequence[Sequence[str]]
    organisation: Sequence[str]


@dataclass(frozen=True)
class StudentLabels:
    programme: Sequence[str]
    school: Sequence[str]


def _sorted(counter: Counter[str]) -> dict[str, int]:
    return {key: counter[key] for key in sorted(counter)}


def run_statistics(
    ranks: IntArray,
    list_lengths: IntArray,
    capacity: IntArray,
    assigned: IntArray,
    offers: OfferLabels,
    students: StudentLabels,
) -> dict[str, object]:
    """``ranks``: 1-based rank obtained per student, 0 when unknown or unmatched;
    ``assigned``: offer per student, -1 when unmatched."""
    n = len(ranks)
    matched = int(np.count_nonzero(assigned >= 0))
    load = np.bincount(assigned[assigned >= 0], minlength=len(capacity))
    free = np.maximum(capacity - load, 0)
    by_sector: Counter[str] = Counter()
    by_province: Counter[str] = Counter()
    by_programme: Counter[str] = Counter()
    for index in np.flatnonzero(free > 0).tolist():
        places = int(free[index])
        by_sector[offers.sector[index]] += places
        by_province[offers.province[index]] += places
        for programme in offers.programmes[index] or (ALL_PROGRAMMES,):
            by_programme[programme] += places
    unmatched = np.flatnonzero(assigned < 0).tolist()
    distribution = Counter(int(rank) for rank in ranks[ranks > 0].tolist())
    return {
        "students": n,
        "offers": len(capacity),
        "places": int(capacity.sum()),
        "students_with_a_list": int(np.count_nonzero(list_lengths > 0)),
        "matched": matched,
        "unmatched": n - matched,
        "match_rate": round(matched / n, 6) if n else 0.0,
        "first_choice_rate": round(distribution.get(1, 0) / n, 6) if n else 0.0,
        "mean_rank_obtained": round(float(ranks[ranks > 0].mean()), 4) if ranks.any() else None,
        "rank_distribution": {str(rank): distribution[rank] for rank in sorted(distribution)},
        "unfilled_places": int(free.sum()),
        "unfilled_places_by_sector": _sorted(by_sector),
        "unfilled_places_by_province": _sorted(by_province),
        "unfilled_places_by_programme": _sorted(by_programme),
        "unmatched_by_programme": _sorted(Counter(students.programme[s] for s in unmatched)),
        "unmatched_by_school": _sorted(Counter(students.school[s] for s in unmatched)),
    }
