"""The forecast's views: ties in the sensitivity ranking are said as ties, in tables and data."""

from __future__ import annotations

from krapte.forecast.core import scenarios
from krapte.forecast.core.sensitivity import Index, Sensitivity
from krapte.forecast.views import sensitivity_views, top_line


def index(parameter: str, rank: int, places: tuple[int, int], target: str = "gap") -> Index:
    return Index(
        target=target,
        parameter=parameter,
        first=0.1,
        first_conf=0.01,
        total=0.5 / rank,
        total_conf=0.02,
        rank=rank,
        place_from=places[0],
        place_to=places[1],
    )


def ranking(*indices: Index) -> Sensitivity:
    hiring = tuple(index(i.parameter, i.rank, (i.rank, i.rank), "hiring_need") for i in indices)
    return Sensitivity("basis", 64, 64 * 7, 0, indices + hiring)


TIED = ranking(
    index("p1", 1, (1, 1)),
    index("p2", 2, (2, 4)),
    index("p3", 3, (2, 4)),
    index("p4", 4, (2, 4)),
    index("p5", 5, (5, 5)),
)


def test_the_top_three_names_a_shared_place_once_for_all_who_share_it() -> None:
    line = top_line(TIED, "gap", 2035)
    assert (
        line == "Top drie van het tekort in 2035: p1 (plaats 1); p2, p3 en p4 (delen plaats 2–4)."
    )


def test_a_parameter_outside_the_first_three_places_is_not_in_the_top() -> None:
    assert "p5" not in top_line(TIED, "gap", 2035)


def test_the_table_shows_shared_places_and_the_data_carries_them_as_numbers() -> None:
    scenario = scenarios.baseline()
    gap_table, _ = sensitivity_views(TIED, scenario, table=True)
    assert [row["place"] for row in gap_table.rows] == ["1", "2–4", "2–4", "2–4", "5"]
    assert "plaats" in [column.label for column in gap_table.columns]
    assert "delen parameters een plaats" in gap_table.caption
    (data,) = sensitivity_views(TIED, scenario, table=False)
    records = [record for record in data.records() if record["target"] == "gap"]
    assert [(r["place_from"], r["place_to"]) for r in records][1] == (2, 4)
    assert "place" not in data.keys  # the text form is for tables only
