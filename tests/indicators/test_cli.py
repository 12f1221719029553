"""`krapte indicators` end to end on the bundled data."""

from __future__ import annotations

import csv
import io
import json

import pytest

from builders import run_cli

pytestmark = pytest.mark.e2e


def _json(*args: str) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = json.loads(run_cli(*args, "--format", "json").stdout)
    return rows


def test_flanders_from_institutions_matches_the_printed_graduaat_total(initialised: str) -> None:
    rows = _json("indicators", "show", "--dataset", "inschrijvingen", "--by", "flanders")
    [graduaat_mw] = [
        r for r in rows if (r["level"], r["programme"]) == ("graduaat", "maatschappelijk werk")
    ]
    # Report 4.1.1: maatschappelijk werk 1.661 (2020) ... 2.298 (2024)
    assert (graduaat_mw["2020"], graduaat_mw["2024"]) == (1661, 2298)
    assert graduaat_mw["growth_absolute"] == 637
    assert graduaat_mw["region"] == "Vlaanderen"


def test_province_rows_are_csv_with_english_keys(initialised: str) -> None:
    output = run_cli(
        "indicators", "show", "--dataset", "inschrijvingen", "--by", "provincie", "--format", "csv"
    ).stdout
    rows = list(csv.DictReader(io.StringIO(output)))
    limburg = next(r for r in rows if r["province"] == "Limburg" and r["level"] == "bachelor")
    assert float(limburg["2020"]) == 502  # Hogeschool PXL Hasselt, report 4.1.1
    assert float(limburg["growth_absolute"]) == -188


def test_the_table_speaks_dutch_with_flemish_numbers(initialised: str) -> None:
    output = run_cli("indicators", "show", "--dataset", "inschrijvingen", "--by", "niveau").stdout
    assert "groei %" in output
    assert "niveau" in output
    assert "1.661" in output or "5.066" in output


def test_unknown_dataset_fails_with_dutch_message(initialised: str) -> None:
    result = run_cli("indicators", "show", "--dataset", "bestaatniet", code=2)
    assert "Fout: onbekende dataset: bestaatniet" in result.output


def test_a_dataset_with_several_measures_asks_for_one_without_naming_a_flag(
    initialised: str,
) -> None:
    result = run_cli("indicators", "show", "--dataset", "tewerkstelling", code=2)
    assert "heeft meerdere maatstaven; kies er een" in result.output
    assert "--measure" not in result.output.split("Fout:")[1]


def test_years_in_the_wrong_order_are_refused(initialised: str) -> None:
    result = run_cli(
        "indicators",
        "show",
        "--dataset",
        "inschrijvingen",
        "--from",
        "2024",
        "--to",
        "2020",
        code=2,
    )
    assert "het eerste jaar (2024) ligt na het laatste (2020)" in result.output


def test_growth_figures_are_not_shown_as_a_yearly_series(initialised: str) -> None:
    output = run_cli(
        "indicators", "show", "--dataset", "tewerkstelling", "--measure", "tewerkstelling_groei"
    ).stdout
    assert "Geen jaarreeksen" in output


def test_tension_without_vacancies_says_what_to_import(initialised: str) -> None:
    assert "Importeer de VDAB-vacatures" in run_cli("indicators", "tension").stdout
