"""Consistency checks: each rule finds what it should, and stays silent on consistent data."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from builders import obs, series
from krapte.datahub.core.checks import (
    References,
    check_duplicates,
    check_gaps,
    check_jumps,
    check_ranges,
    check_references,
    check_totals,
    run_checks,
)
from krapte.datahub.core.records import Observation

ROOT = Path(__file__).resolve().parents[2]


def per_institution(
    values: dict[str, float], total: float, period: str = "2024"
) -> list[Observation]:
    rows = [obs(institution=name, value=value, period=period) for name, value in values.items()]
    return [*rows, obs(institution="", value=total, period=period)]


# --- (a) parts and totals ------------------------------------------------------------------


def test_parts_that_add_up_to_the_total_give_no_finding() -> None:
    assert check_totals(per_institution({"A": 10, "B": 20}, 30)) == []


def test_total_that_differs_from_its_parts_is_an_error() -> None:
    [finding] = check_totals(per_institution({"A": 10, "B": 20}, 31))
    assert finding.severity == "error"
    assert finding.check == "delen-totaal"
    assert finding.values["sum_of_parts"] == 30
    assert finding.values["total"] == 31
    assert "klopt enkel zonder" not in finding.message


def test_total_that_adds_up_only_without_one_row_names_that_row() -> None:
    [finding] = check_totals(per_institution({"A": 10, "B": 20, "C": 5}, 30))
    assert "klopt enkel zonder 'C'" in finding.message
    assert finding.values["adds_up_without"] == ["C"]


def test_subtotals_are_compared_with_the_grand_total_per_programme() -> None:
    rows = [
        obs(institution="", programme="maatschappelijk werk", value=893, table="t"),
        obs(institution="", programme="sociaal-cultureel werk", value=207, table="t"),
        obs(institution="", programme="", value=1101, table="t"),
    ]
    [finding] = check_totals(rows)
    assert finding.values["dimension"] == "programme"


def test_parts_from_another_table_or_year_are_not_counted() -> None:
    rows = [
        *per_institution({"A": 10, "B": 20}, 30),
        obs(institution="C", value=99, table="other"),
        obs(institution="C", value=99, period="2023"),
    ]
    assert check_totals(rows) == []


def test_percent_breakdown_with_a_printed_100_total_must_sum_to_100() -> None:
    def shares(*values: float) -> list[Observation]:
        rows = [obs(category=f"c{i}", value=v, unit="percent") for i, v in enumerate(values)]
        return [*rows, obs(category="", value=100, unit="percent")]

    assert check_totals(shares(50.5, 28.3, 21.3)) == []  # rounding: 100.1
    assert len(check_totals(shares(60, 30, 20))) == 1


def test_percent_rows_without_a_100_total_are_not_a_breakdown() -> None:
    rows = [
        obs(category="sector", value=50.5, unit="percent"),
        obs(category="subsector", value=54.6, unit="percent"),
        obs(category="", value=52, unit="percent"),
    ]
    assert check_totals(rows) == []


# --- (b) the same figure printed differently ------------------------------------------------


def test_same_figure_printed_differently_in_two_tables_is_an_error() -> None:
    rows = [
        obs(dataset="studiestarters", programme="maatschappelijk werk", value=893, table="a"),
        obs(dataset="verwante_opleidingen", programme="maatschappelijk werk", value=983, table="b"),
    ]
    [finding] = check_duplicates(rows)
    assert finding.check == "dubbel-verschillend"
    assert finding.dataset == "studiestarters, verwante_opleidingen"
    assert "893" in finding.message
    assert "983" in finding.message


def test_same_figure_printed_identically_is_fine() -> None:
    assert check_duplicates([obs(table="a"), obs(table="b")]) == []


def test_totals_of_different_datasets_are_not_the_same_figure() -> None:
    rows = [
        obs(dataset="studiestarters", programme="", value=1100, table="a"),
        obs(dataset="verwante_opleidingen", programme="", value=2687, table="b"),
    ]
    assert check_duplicates(rows) == []
    same_dataset = [
        obs(programme="", value=1100, table="a"),
        obs(programme="", value=1101, table="b"),
    ]
    assert len(check_duplicates(same_dataset)) == 1


# --- (c) gaps and (d) jumps -----------------------------------------------------------------


def test_missing_year_inside_a_series_is_a_gap() -> None:
    [finding] = check_gaps(series([2020, 2021, 2023, 2024], [1, 2, 3, 4]))
    assert finding.severity == "warning"
    assert finding.values["missing"] == [2022]


def test_series_that_starts_late_or_ends_early_has_no_gap() -> None:
    assert check_gaps(series([2021, 2022, 2023], [1, 2, 3])) == []


def test_survey_waves_far_apart_are_reported_as_info() -> None:
    [finding] = check_gaps(series([2004, 2013, 2023], [56.1, 60, 50.5], unit="percent"))
    assert finding.severity == "info"


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


# --- (e) ranges -----------------------------------------------------------------------------


def test_negative_count_and_percent_above_100_are_errors() -> None:
    findings = check_ranges([obs(value=-1), obs(value=100.5, unit="percent", table="p")])
    assert [f.check for f in findings] == ["buiten-bereik", "buiten-bereik"]
    assert all(f.severity == "error" for f in findings)


def test_growth_figures_may_be_negative_or_above_100() -> None:
    rows = [
        obs(measure="inschrijvingen_toename", value=-599),
        obs(measure="tewerkstelling_groei", period="2014-2023", value=-3, unit="percent"),
        obs(measure="tewerkstelling_groei", period="2014-2023", value=120, unit="percent"),
        obs(value=0),
        obs(value=100, unit="percent", table="p"),
    ]
    assert check_ranges(rows) == []


# --- all checks together --------------------------------------------------------------------


def test_dataset_filter_keeps_cross_dataset_findings() -> None:
    rows = [
        obs(dataset="a", value=1, table="x"),
        obs(dataset="b", value=2, table="y"),
        *series([2020, 2022], [1, 1], dataset="c"),
    ]
    assert [f.check for f in run_checks(rows, dataset="b")] == ["dubbel-verschillend"]
    assert [f.check for f in run_checks(rows, dataset="c")] == ["gat-in-reeks"]


def test_findings_are_json_serialisable_with_the_documented_keys() -> None:
    findings = run_checks(per_institution({"A": 1, "B": 2}, 4))
    [row] = json.loads(json.dumps([f.as_dict() for f in findings]))
    assert set(row) == {"severity", "dataset", "check", "message", "values"}


# --- the bundled data: the report's known inconsistencies are found --------------------------


def test_known_report_inconsistencies_are_found_in_the_bundled_data() -> None:
    from krapte.datahub.core.bundle import load_package

    observations = [o for d in load_package().datasets for o in d.observations]
    findings = run_checks(observations)
    as_json = json.loads(json.dumps([f.as_dict() for f in findings]))
    data_doc = (ROOT / "docs" / "data.md").read_text(encoding="utf-8")

    # docs/data.md, inconsistency 1: graduate starters maatschappelijk werk 2023, 893 vs 983.
    assert "**893** in 4.1.1" in data_doc
    conflicts = [f["values"] for f in as_json if f["check"] == "dubbel-verschillend"]
    assert any(
        v["period"] == "2023" and {p["value"] for p in v["printed"]} == {893, 983}
        for v in conflicts
    )
    # docs/data.md, inconsistency 2: the SAW bachelor enrolment total leaves out sociaal werk,
    # in every year 2020-2024.
    assert "**without sociaal werk**" in data_doc
    without = [
        f["values"]
        for f in as_json
        if f["check"] == "delen-totaal" and f["values"]["adds_up_without"] == ["sociaal werk"]
    ]
    assert sorted(v["period"] for v in without) == ["2020", "2021", "2022", "2023", "2024"]
    assert {v["total"] for v in without} == {13092, 11605, 11304, 12534, 13573}
    # docs/data.md, other remarks: the orthopedagogische begeleiding jump 793 -> 2.574.
    assert any(
        f.check == "sprong" and re.search(r"van 793 \(2020\) naar 2\.574 \(2021\)", f.message)
        for f in findings
    )
    # The data keeps what the report prints: no negative counts, no shares above 100.
    assert [f for f in findings if f.check == "buiten-bereik"] == []


def test_names_missing_from_the_reference_lists_are_warned_once_per_name() -> None:
    refs = References(
        institutions=frozenset({"Hogeschool PXL Hasselt"}),
        programmes=frozenset({("sociaal werk", "bachelor")}),
    )
    rows = [
        obs(institution="PXL"),
        obs(institution="PXL", period="2023"),
        obs(institution="Hogeschool PXL Hasselt"),
        obs(programme="sociaal wrek"),
    ]
    findings = check_references(rows, refs)
    assert [(f.check, f.values["name"], f.values["rows"]) for f in findings] == [
        ("onbekende-referentie", "PXL", 2),
        ("onbekende-referentie", "sociaal wrek (bachelor)", 1),
    ]
    assert all(f.severity == "warning" for f in findings)


def test_every_bundled_name_is_in_the_bundled_reference_lists() -> None:
    from krapte.datahub.core.bundle import load_package

    package = load_package()
    refs = References(
        institutions=frozenset(i.name for i in package.institutions),
        programmes=frozenset((p.name, p.level) for p in package.programmes),
    )
    observations = [o for d in package.datasets for o in d.observations]
    assert check_references(observations, refs) == []
