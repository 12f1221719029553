"""The indicator catalogue: bundled links that hold, and series read exactly from the data hub."""

from __future__ import annotations

from pathlib import Path

import pytest

from builders import obs
from krapte.actionplan.core.bundle import load_bundled
from krapte.actionplan.core.indicators import load_catalogue, series
from krapte.errors import InvalidInput


def test_bundled_catalogue_links_only_known_recommendations_with_a_reason() -> None:
    catalogue = load_catalogue()
    numbers = {item.number for item in load_bundled().recommendations}
    assert catalogue.links
    assert all(link.recommendation in numbers and link.notes for link in catalogue.links)
    assert {"starters_graduaat_mw"} <= {link.indicator for link in catalogue.linked_to(13)}
    assert {"werkkracht_verloop"} <= {link.indicator for link in catalogue.linked_to(24)}


def test_series_takes_exactly_the_named_figures_in_period_order() -> None:
    indicator = load_catalogue().get("starters_bachelor_sw")
    assert indicator is not None
    figures = [
        obs(dataset="studiestarters", measure="studiestarters", period="2024", value=1900),
        obs(dataset="studiestarters", measure="studiestarters", period="2023", value=1828),
        # an institution's row and another level are other figures
        obs(
            dataset="studiestarters",
            measure="studiestarters",
            period="2024",
            value=5,
            institution="UC Leuven",
        ),
        obs(
            dataset="studiestarters",
            measure="studiestarters",
            period="2024",
            value=7,
            level="master",
        ),
    ]
    found = series(indicator, figures)
    assert [(p.period, p.value) for p in found.points] == [("2023", 1828), ("2024", 1900)]
    assert found.change == 72
    assert found.trend == "stijgt"


def test_a_period_printed_with_two_values_is_left_out_and_reported() -> None:
    indicator = load_catalogue().get("inschrijvingen_bachelor_sw")
    assert indicator is not None
    figures = [
        obs(period="2023", value=5105, table="a"),
        obs(period="2023", value=5105, table="b"),
        obs(period="2024", value=5066, table="a"),
        obs(period="2024", value=5000, table="b"),
    ]
    found = series(indicator, figures)
    assert [p.period for p in found.points] == ["2023"]
    assert found.ambiguous == ("2024",)
    assert found.trend == ""


def test_catalogue_with_unknown_indicator_names_file_row_and_column(tmp_path: Path) -> None:
    (tmp_path / "indicators.csv").write_text(
        "key,label,dataset,measure,geography,institution,programme,level,category\n"
        "a,A,d,m,Vlaanderen,,,,\n",
        encoding="utf-8",
    )
    (tmp_path / "indicator_links.csv").write_text(
        "recommendation,indicator,notes\n13,a,ok\n61,a,te hoog\n14,b,onbekend\n", encoding="utf-8"
    )
    with pytest.raises(InvalidInput) as caught:
        load_catalogue(tmp_path)
    assert [(p.file, p.row, p.field) for p in caught.value.problems] == [
        ("indicator_links.csv", 3, "recommendation"),
        ("indicator_links.csv", 4, "indicator"),
    ]
