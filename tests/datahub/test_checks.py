"""Checks over printed tables: each rule finds what it should, and is silent on consistent data."""

from __future__ import annotations

import json
import re
from pathlib import Path

from builders import obs, series
from krapte.datahub.core.checks import (
    Finding,
    References,
    check_duplicates,
    check_ranges,
    check_references,
    check_totals,
    run_checks,
)
from krapte.datahub.core.records import Observation
from krapte.datahub.core.series import SeriesDeclarations, bundled_series_declarations

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
    # docs/data.md, other remarks: the orthopedagogische begeleiding jump 793 -> 2.574, which
    # the transfer of the adult-education graduates explains (declared in series.toml).
    [transfer] = [
        f
        for f in findings
        if f.check == "sprong" and re.search(r"van 793 \(2020\) naar 2\.574 \(2021\)", f.message)
    ]
    assert transfer.severity == "info"
    assert "volwassenenonderwijs" in str(transfer.values["declared_break"])
    # docs/data.md, inconsistency 13: Karel de Grote's graduate starters begin a year after its
    # enrolments.
    [late] = [f for f in findings if f.check == "inschrijvingen-zonder-starters"]
    assert (late.values["period"], late.values["enrolments"]) == ("2021", 69)
    assert "Karel de Grote" in late.message
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


def test_declared_breaks_and_survey_waves_leave_no_warning_about_them_in_the_bundled_data() -> None:
    from krapte.datahub.core.bundle import load_package

    observations = [o for d in load_package().datasets for o in d.observations]
    declared_series = re.compile(
        r"orthopedagogische begeleiding|human resources|\(niveau 'graduaat'\)"
    )

    def about_declared_series(findings: list[Finding]) -> list[Finding]:
        return [
            f
            for f in findings
            if f.severity == "warning"
            and (
                f.dataset == "werkbaarheid"
                or (f.check == "sprong" and declared_series.search(f.message))
            )
        ]

    # Without the declarations: six workability series with gaps and three jumps.
    nothing_declared = run_checks(observations, declarations=SeriesDeclarations())
    assert len(about_declared_series(nothing_declared)) == 9
    declared = run_checks(observations)  # the bundled declarations by default
    assert about_declared_series(declared) == []
    assert declared == run_checks(observations, declarations=bundled_series_declarations())
    # Only the sector's missing 2013 wave is left, as information (docs/data.md, inconsistency 7).
    waves = [f for f in declared if f.dataset == "werkbaarheid"]
    assert {(f.severity, f.check) for f in waves} == {("info", "gat-in-reeks")}
    assert [f.values["missing"] for f in waves] == [[2013], [2013]]
