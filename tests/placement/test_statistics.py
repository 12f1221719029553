"""Run statistics: match rate, ranks, unfilled places and unmatched students."""

from __future__ import annotations

import numpy as np

from krapte.placement.core.statistics import OfferLabels, UnmatchedLabels, run_statistics


def test_statistics_count_ranks_free_places_and_unmatched() -> None:
    offers = OfferLabels(
        sector=["jeugdhulp", "ouderenzorg"],
        province=["Limburg", "Antwerpen"],
        programmes=[("sociaal werk",), ()],
        organisation=["A", "B"],
    )
    stats = run_statistics(
        ranks=np.array([1, 2, 0]),
        list_lengths=np.array([2, 2, 0]),
        capacity=np.array([2, 3]),
        assigned=np.array([0, 1, -1]),
        offers=offers,
        unmatched=UnmatchedLabels(programme=["graduaat x"], school=["Odisee"]),
    )
    assert stats.matched == 2
    assert stats.match_rate == round(2 / 3, 6)
    assert stats.first_choice_rate == round(1 / 3, 6)
    assert stats.rank_distribution == {"1": 1, "2": 1}
    assert stats.unfilled_places == 3
    assert stats.unfilled_places_by_sector == {"jeugdhulp": 1, "ouderenzorg": 2}
    assert stats.unfilled_places_by_province == {"Antwerpen": 2, "Limburg": 1}
    assert stats.unfilled_places_by_programme == {"alle": 2, "sociaal werk": 1}
    assert stats.unmatched_by_programme == {"graduaat x": 1}
    assert stats.unmatched_by_school == {"Odisee": 1}
    assert stats.students_without_a_list == 1


def test_statistics_rows_flatten_breakdowns_and_leave_out_an_unset_followup_count() -> None:
    offers = OfferLabels(sector=["s"], province=["p"], programmes=[()], organisation=["o"])
    stats = run_statistics(
        np.array([0]), np.array([0]), np.array([1]), np.array([-1]), offers,
        UnmatchedLabels(programme=["bachelor x"], school=["HOGENT"]),
    )  # fmt: skip
    assert "placed_in_followup" not in stats.as_dict()
    assert stats.mean_rank_obtained is None
    rows = stats.rows()
    assert ("unmatched_by_school", "HOGENT", 1) in rows
    assert ("matched", "", 0) in rows
