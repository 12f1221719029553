"""Run statistics: match rate, ranks, unfilled places and unmatched students."""

from __future__ import annotations

import numpy as np

from krapte.placement.core.statistics import OfferLabels, StudentLabels, run_statistics


def test_statistics_count_ranks_free_places_and_unmatched() -> None:
    offers = OfferLabels(
        sector=["jeugdhulp", "ouderenzorg"],
        province=["Limburg", "Antwerpen"],
        programmes=[("sociaal werk",), ()],
        organisation=["A", "B"],
    )
    students = StudentLabels(
        programme=["bachelor sociaal werk", "bachelor orthopedagogie", "graduaat x"],
        school=["HOGENT", "Odisee", "Odisee"],
    )
    stats = run_statistics(
        ranks=np.array([1, 2, 0]),
        list_lengths=np.array([2, 2, 1]),
        capacity=np.array([2, 3]),
        assigned=np.array([0, 1, -1]),
        offers=offers,
        students=students,
    )
    assert stats["matched"] == 2
    assert stats["match_rate"] == round(2 / 3, 6)
    assert stats["rank_distribution"] == {"1": 1, "2": 1}
    assert stats["unfilled_places"] == 3
    assert stats["unfilled_places_by_sector"] == {"jeugdhulp": 1, "ouderenzorg": 2}
    assert stats["unfilled_places_by_province"] == {"Antwerpen": 2, "Limburg": 1}
    assert stats["unfilled_places_by_programme"] == {"alle": 2, "sociaal werk": 1}
    assert stats["unmatched_by_programme"] == {"graduaat x": 1}
    assert stats["unmatched_by_school"] == {"Odisee": 1}
