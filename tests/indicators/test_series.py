"""Series building and aggregation from institutions to provinces and Flanders."""

from __future__ import annotations

import pytest

from builders import obs
from krapte.indicators.core.series import Grouping, build_series, summarise

PROVINCES = {"UC Limburg": "Limburg", "PXL": "Limburg", "HOGENT": "Oost-Vlaanderen"}


def _institution_rows() -> list:  # type: ignore[type-arg]
    rows = []
    for name, values in {"UC Limburg": (100, 110), "PXL": (50, 40), "HOGENT": (200, 260)}.items():
        for year, value in zip((2020, 2021), values, strict=True):
            rows.append(obs(institution=name, period=str(year), value=value, table="per-school"))
    rows.append(obs(period="2020", value=350, table="per-school"))  # printed total
    return rows


def test_institutions_sum_to_their_province() -> None:
    result = build_series(_institution_rows(), Grouping.PROVINCE, PROVINCES)
    by_label = {s.label[-1]: s.values for s in result}
    assert by_label == {
        "Limburg": {2020: 150, 2021: 150},
        "Oost-Vlaanderen": {2020: 200, 2021: 260},
    }


def test_flanders_is_the_sum_of_institutions_not_of_printed_totals() -> None:
    (flanders,) = build_series(_institution_rows(), Grouping.FLANDERS, PROVINCES)
    assert flanders.values == {2020: 350, 2021: 410}


def test_institution_without_known_campus_lands_in_onbekend() -> None:
    rows = [obs(institution="Nieuwe Hogeschool", value=7)]
    (only,) = build_series(rows, Grouping.PROVINCE, PROVINCES)
    assert only.label[-1] == "onbekend"


def test_a_figure_printed_in_two_tables_is_counted_once() -> None:
    rows = [
        obs(institution="PXL", value=50, table="a"),
        obs(institution="PXL", value=50, table="b"),
    ]
    (flanders,) = build_series(rows, Grouping.FLANDERS, PROVINCES)
    assert flanders.values == {2024: 50}


def test_year_window_limits_the_series() -> None:
    result = build_series(_institution_rows(), Grouping.INSTITUTION, PROVINCES, (2021, None))
    assert all(list(s.values) == [2021] for s in result)


def test_summary_gives_growth_cagr_and_index() -> None:
    printed = ((2020, 1938), (2022, 2320), (2024, 2742))
    rows = [obs(period=str(y), value=v, programme="", level="graduaat") for y, v in printed]
    (only,) = build_series(rows, Grouping.LEVEL)
    summary = summarise(only)
    assert summary.growth_absolute == 804
    assert summary.growth_percent == pytest.approx(41.486, abs=1e-3)
    assert summary.cagr == pytest.approx(9.0636, abs=1e-3)  # (2742/1938)^(1/4) - 1
    assert summary.index_last == pytest.approx(141.486, abs=1e-3)


def test_months_and_growth_ranges_are_not_points_of_a_yearly_series() -> None:
    rows = [
        obs(period="2024", value=100, institution="PXL"),
        obs(period="2024-12", value=200, institution="PXL"),
        obs(period="2014-2023", value=36.9, unit="percent", institution="PXL"),
    ]
    (only,) = build_series(rows, Grouping.INSTITUTION)
    assert only.values == {2024: 100}
    assert only.unit == "count"
