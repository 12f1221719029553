"""Figures of a run: match rate, ranks obtained, unfilled places and unmatched students.

Pure: arrays and label lists in, a :class:`RunStatistics` out (``as_dict`` is the layout of
``statistics.json``, ``rows`` the one of ``statistics.csv``). An offer open to several (or all)
programmes counts its free places under each programme it admits (``alle`` when open to all), so
the per-programme totals of unfilled places may add up to more than the overall total.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, fields

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
class UnmatchedLabels:
    """The programme (``level programme``) and school of every unmatched student, in order."""

    programme: Sequence[str]
    school: Sequence[str]


@dataclass(frozen=True)
class RunStatistics:
    students: int
    offers: int
    places: int
    students_with_a_list: int
    matched: int
    unmatched: int
    match_rate: float
    first_choice_rate: float
    mean_rank_obtained: float | None
    rank_distribution: dict[str, int]
    unfilled_places: int
    unfilled_places_by_sector: dict[str, int]
    unfilled_places_by_province: dict[str, int]
    unfilled_places_by_programme: dict[str, int]
    unmatched_by_programme: dict[str, int]
    unmatched_by_school: dict[str, int]
    placed_in_followup: int | None = None
    """Only for a follow-up round: the students placed in it."""

    @property
    def students_without_a_list(self) -> int:
        return self.students - self.students_with_a_list

    def as_dict(self) -> dict[str, object]:
        """The figures as ``statistics.json`` holds them (``placed_in_followup`` only when set)."""
        found = {f.name: getattr(self, f.name) for f in fields(self)}
        if self.placed_in_followup is None:
            del found["placed_in_followup"]
        return found

    def rows(self) -> list[tuple[str, str, object]]:
        """One row per figure (``measure, category, value``), breakdowns with their category."""
        rows: list[tuple[str, str, object]] = []
        for measure, value in self.as_dict().items():
            if isinstance(value, dict):
                rows.extend((measure, str(category), figure) for category, figure in value.items())
            else:
                rows.append((measure, "", value))
        return rows


def _sorted(counter: Counter[str]) -> dict[str, int]:
    return {key: counter[key] for key in sorted(counter)}


def run_statistics(
    ranks: IntArray,
    list_lengths: IntArray,
    capacity: IntArray,
    assigned: IntArray,
    offers: OfferLabels,
    unmatched: UnmatchedLabels,
) -> RunStatistics:
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
    obtained = ranks[ranks > 0]
    counts = np.bincount(obtained) if len(obtained) else np.zeros(1, dtype=np.int64)
    distribution = {str(rank): int(counts[rank]) for rank in np.flatnonzero(counts).tolist()}
    return RunStatistics(
        students=n,
        offers=len(capacity),
        places=int(capacity.sum()),
        students_with_a_list=int(np.count_nonzero(list_lengths > 0)),
        matched=matched,
        unmatched=n - matched,
        match_rate=round(matched / n, 6) if n else 0.0,
        first_choice_rate=round(int(counts[1]) / n, 6) if n and len(counts) > 1 else 0.0,
        mean_rank_obtained=round(float(obtained.mean()), 4) if len(obtained) else None,
        rank_distribution=distribution,
        unfilled_places=int(free.sum()),
        unfilled_places_by_sector=_sorted(by_sector),
        unfilled_places_by_province=_sorted(by_province),
        unfilled_places_by_programme=_sorted(by_programme),
        unmatched_by_programme=_sorted(Counter(unmatched.programme)),
        unmatched_by_school=_sorted(Counter(unmatched.school)),
    )
