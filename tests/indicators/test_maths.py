"""Indicator maths on hand-computed cases."""

from __future__ import annotations

import pytest

from krapte.indicators.core.maths import (
    IndicatorError,
    cagr,
    growth_absolute,
    growth_percent,
    index_series,
    shares,
    tension_ratio,
    tension_ratio_12_months,
)


def test_growth_of_graduaat_enrolments_2020_to_2024() -> None:
    # 1.938 -> 2.742 (report 4.1.1): +804, and 804 / 1938 = 41.486...%
    assert growth_absolute(1938, 2742) == 804
    assert growth_percent(1938, 2742) == pytest.approx(41.4861, abs=1e-4)


def test_cagr_of_a_doubling_over_ten_years_is_seven_point_two_percent() -> None:
    # 2 ** (1/10) = 1.0717734...
    assert cagr(100, 200, 10) == pytest.approx(7.17735, abs=1e-5)


def test_cagr_over_one_year_equals_plain_growth() -> None:
    assert cagr(5665, 5066, 1) == pytest.approx(growth_percent(5665, 5066))


def test_index_puts_the_base_year_at_one_hundred() -> None:
    index = index_series({2020: 176, 2021: 186, 2023: 209}, base_year=2020)
    assert index == pytest.approx({2020: 100.0, 2021: 105.6818, 2023: 118.75}, abs=1e-4)


def test_shares_sum_to_one_hundred() -> None:
    result = shares({"maatschappelijk werk": 2298, "sociaal-cultureel werk": 444})
    assert result["maatschappelijk werk"] == pytest.approx(83.8075, abs=1e-4)
    assert sum(result.values()) == pytest.approx(100.0)


def test_tension_ratio_is_job_seekers_per_vacancy() -> None:
    assert tension_ratio(1542, 600) == pytest.approx(2.57)


def test_twelve_month_tension_ratio_divides_the_means() -> None:
    seekers = [1500.0] * 6 + [1600.0] * 6
    vacancies = [400.0] * 12
    assert tension_ratio_12_months(seekers, vacancies) == pytest.approx(3.875)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: growth_percent(0, 5), "beginwaarde 0"),
        (lambda: cagr(100, 120, 0), "minstens één jaar"),
        (lambda: cagr(-1, 120, 3), "positieve"),
        (lambda: index_series({2021: 5}, 2020), "basisjaar 2020"),
        (lambda: tension_ratio(10, 0), "vacature"),
        (lambda: shares({"a": 0}), "totaal 0"),
    ],
)
def test_undefined_indicators_raise_a_dutch_error(call: object, message: str) -> None:
    with pytest.raises(IndicatorError, match=message):
        call()  # type: ignore[operator]
