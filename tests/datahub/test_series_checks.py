"""Checks over year series: gaps, jumps and enrolments without starters, with declared series."""

from __future__ import annotations

import pytest

from builders import series
from krapte.datahub.core.records import Observation
from krapte.datahub.core.series import (
    SeriesDeclarations,
    SeriesSelector,
    StructuralBreak,
    SurveySeries,
)
from krapte.datahub.core.series_checks import (
    check_enrolments_without_starters,
    check_gaps,
    check_jumps,
)

WAVES = SeriesDeclarations(
    surveys=(
        SurveySeries(SeriesSelector("werkbaarheid"), (2004, 2013, 2023), "Bevraging in golven."),
    )
)


def survey(years: list[int], **overrides: str) -> list[Observation]:
    fields = {"dataset": "werkbaarheid", "unit": "percent", "level": "", "programme": ""}
    return series(years, [50.0] * len(years), **(fields | overrides))


def transfer_in(year: int, programme: str = "orthopedagogische begeleiding") -> SeriesDeclarations:
    where = SeriesSelector("inschrijvingen", (("programme", programme), ("level", "bachelor")))
    return SeriesDeclarations(breaks=(StructuralBreak(where, year, "Inkanteling."),))


# --- gaps ----------------------------------------------------------------------------------


def test_missing_year_inside_a_series_is_a_gap() -> None:
    [finding] = check_gaps(series([2020, 2021, 2023, 2024], [1, 2, 3, 4]))
    assert finding.severity == "warning"
    assert finding.values["missing"] == [2022]


def test_series_that_starts_late_or_ends_early_has_no_gap() -> None:
    assert check_gaps(series([2021, 2022, 2023], [1, 2, 3])) == []


def test_an_undeclared_sparse_series_is_a_gap_like_any_other() -> None:
    [finding] = check_gaps(survey([2004, 2013, 2023]))
    assert finding.severity == "warning"
    assert "2005–2012, 2014–2022" in finding.message


def test_declared_survey_waves_are_no_gap() -> None:
    assert check_gaps(survey([2004, 2013, 2023]), WAVES) == []
    assert check_gaps(survey([2013, 2023]), WAVES) == []


def test_a_missing_wave_inside_a_survey_series_is_information() -> None:
    [finding] = check_gaps(survey([2004, 2023]), WAVES)
    assert (finding.severity, finding.check) == ("info", "gat-in-reeks")
    assert finding.values["missing"] == [2013]
    assert "het meetjaar 2013 ontbreekt (meetjaren 2004, 2013, 2023)" in finding.message


def test_a_value_outside_the_survey_waves_is_a_warning() -> None:
    missing, outside = check_gaps(survey([2004, 2014, 2023]), WAVES)
    assert (outside.severity, outside.check) == ("warning", "buiten-meetjaren")
    assert outside.values["years"] == [2014]
    assert "2014 is geen meetjaar" in outside.message
    assert (missing.severity, missing.values["missing"]) == ("info", [2013])


def test_survey_waves_apply_only_to_the_declared_series() -> None:
    assert len(check_gaps(survey([2004, 2013, 2023], dataset="ander"), WAVES)) == 1


# --- jumps ---------------------------------------------------------------------------------


def test_implausible_jump_in_counts_is_a_warning() -> None:
    [finding] = check_jumps(series([2020, 2021, 2022], [793, 2574, 2600]))
    assert finding.severity == "warning"
    assert (finding.values["from"], finding.values["to"]) == (793, 2574)


@pytest.mark.parametrize(
    "values",
    [
        [100, 140],  # +40 %: below the relative threshold
        [10, 19],  # +90 % but only 9 more: too small to matter
    ],
)
def test_ordinary_changes_are_not_jumps(values: list[float]) -> None:
    assert check_jumps(series([2020, 2021], values)) == []


def test_changes_over_several_years_are_not_year_on_year_jumps() -> None:
    assert check_jumps(series([2013, 2023], [7.0, 14.2], unit="percent")) == []
    assert check_jumps(series([2020, 2022], [100, 400])) == []


def test_jump_in_a_percentage_is_measured_in_points() -> None:
    assert len(check_jumps(series([2022, 2023], [30, 50], unit="percent"))) == 1
    assert check_jumps(series([2022, 2023], [30, 40], unit="percent")) == []


def test_a_declared_break_turns_the_jump_into_information_with_its_reason() -> None:
    rows = series([2020, 2021], [793, 2574], programme="orthopedagogische begeleiding")
    [finding] = check_jumps(rows, transfer_in(2021))
    assert (finding.severity, finding.check) == ("info", "sprong")
    assert finding.message.endswith("Bekende breuk: Inkanteling.")
    assert finding.values["declared_break"] == "Inkanteling."


def test_a_break_explains_only_its_own_year_and_series() -> None:
    rows = series([2020, 2021, 2022], [793, 2574, 5000], programme="orthopedagogische begeleiding")
    assert [f.severity for f in check_jumps(rows, transfer_in(2021))] == ["info", "warning"]
    other = series([2020, 2021], [793, 2574], programme="sociaal werk")
    assert [f.severity for f in check_jumps(other, transfer_in(2021))] == ["warning"]


# --- enrolments without starters ----------------------------------------------------------


def starters(years: list[int], values: list[float], **overrides: str) -> list[Observation]:
    return series(years, values, dataset="studiestarters", measure="studiestarters", **overrides)


#: Starters of another programme: the starters tables do print the years 2021-2022.
PRINTED_YEARS = starters([2021, 2022], [10, 10], programme="ander")


def test_enrolments_in_a_year_without_starters_are_flagged() -> None:
    rows = [*series([2021, 2022], [69, 107]), *starters([2022], [97]), *PRINTED_YEARS]
    [finding] = check_enrolments_without_starters(rows)
    assert (finding.severity, finding.check) == ("warning", "inschrijvingen-zonder-starters")
    assert (finding.values["period"], finding.values["enrolments"]) == ("2021", 69)
    assert finding.values["starters"] is None
    assert "69 inschrijvingen maar geen studiestarters in 2021 (wel in 2022)" in finding.message


def test_a_printed_zero_starters_is_flagged_as_zero() -> None:
    rows = [*series([2021], [50]), *starters([2021], [0]), *PRINTED_YEARS]
    [finding] = check_enrolments_without_starters(rows)
    assert finding.values["starters"] == 0
    assert "0 studiestarters" in finding.message


def test_enrolments_with_starters_in_the_same_year_are_fine() -> None:
    rows = [*series([2021, 2022], [69, 107]), *starters([2021, 2022], [30, 40])]
    assert check_enrolments_without_starters(rows) == []


def test_years_and_programmes_the_starters_tables_leave_out_are_not_flagged() -> None:
    rows = [
        *series([2020, 2021], [60, 69]),  # no starters printed for 2020 at all
        *starters([2021], [30]),
        *PRINTED_YEARS,
        *series([2021], [8000], programme="verpleegkunde"),  # starters never printed
    ]
    assert check_enrolments_without_starters(rows) == []


def test_starters_count_only_for_the_same_institution_and_level() -> None:
    rows = [
        *series([2021], [69], institution="A"),
        *starters([2021, 2022], [30, 40], institution="B"),
        *starters([2021], [30], institution="A", level="graduaat"),
        *starters([2022], [30], institution="A"),
    ]
    [finding] = check_enrolments_without_starters(rows)
    assert finding.values["period"] == "2021"


def test_enrolments_printed_in_two_tables_are_one_finding_naming_both_datasets() -> None:
    rows = [
        *series([2021], [69], table="4.1.1"),
        *series([2021], [69], table="4.1.3", dataset="verwante_opleidingen"),
        *starters([2022], [97]),
        *PRINTED_YEARS,
    ]
    [finding] = check_enrolments_without_starters(rows)
    assert finding.dataset == "inschrijvingen, verwante_opleidingen"
