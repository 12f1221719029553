"""Tension ratio per region: job seekers per vacancy where both are known."""

from __future__ import annotations

import pytest

from builders import obs
from krapte.indicators.core.tension import tension_by_region


def _figure(measure: str, value: float, geography: str = "Vlaanderen", period: str = "2025-04"):  # type: ignore[no-untyped-def]
    return obs(
        dataset="werkzoekenden_vacatures",
        measure=measure,
        period=period,
        value=value,
        geography=geography,
        level="",
        programme="",
    )


def test_ratio_per_region_and_period() -> None:
    rows = tension_by_region(
        [
            _figure("werkzoekenden", 1542),
            _figure("vacatures", 771),
            _figure("werkzoekenden", 300, "Limburg"),
            _figure("vacatures", 200, "Limburg"),
        ]
    )
    assert [(r.geography, r.ratio) for r in rows] == [("Limburg", 1.5), ("Vlaanderen", 2.0)]


def test_periods_without_vacancies_are_left_out() -> None:
    assert tension_by_region([_figure("werkzoekenden", 1542)]) == []


def test_ratio_is_exact_for_hand_computed_case() -> None:
    (row,) = tension_by_region([_figure("werkzoekenden", 1000), _figure("vacatures", 3000)])
    assert row.ratio == pytest.approx(1 / 3)
