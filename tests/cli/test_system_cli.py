"""End to end through the command line on the bundled data: init, list, export, indicators."""

from __future__ import annotations

import csv
import io
import json
from importlib.resources import files

import pytest
from typer.testing import CliRunner

from krapte.cli import app
from krapte.datahub.records import TIDY_COLUMNS

pytestmark = pytest.mark.e2e
runner = CliRunner()


def _bundled_row_count() -> int:
    descriptor = json.loads((files("krapte") / "data" / "datapackage.json").read_text("utf-8"))
    total = 0
    for resource in descriptor["resources"]:
        fields = [f["name"] for f in resource["schema"]["fields"]]
        if tuple(fields) == TIDY_COLUMNS:
            text = (files("krapte") / "data" / resource["path"]).read_text("utf-8")
            total += len(list(csv.DictReader(io.StringIO(text))))
    return total


def _invoke(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def initialised(cli_database: str) -> str:
    _invoke("init")
    return cli_database


def test_init_is_idempotent(cli_database: str) -> None:
    first = _invoke("init")
    second = _invoke("init")
    assert "0 ongewijzigd" in first
    assert "0 dataset(s) geladen" in second


def test_export_json_holds_every_bundled_row(initialised: str) -> None:
    rows = json.loads(_invoke("data", "export", "--format", "json"))
    assert len(rows) == _bundled_row_count()
    assert set(rows[0]) == set(TIDY_COLUMNS)


def test_export_csv_has_the_datapackage_columns(initialised: str) -> None:
    reader = csv.DictReader(io.StringIO(_invoke("data", "export", "--format", "csv")))
    assert tuple(reader.fieldnames or ()) == TIDY_COLUMNS
    assert sum(1 for _ in reader) == _bundled_row_count()


def test_list_names_the_enrolment_datasets(initialised: str) -> None:
    listing = json.loads(_invoke("data", "list", "--format", "json"))
    names = {d["dataset"] for d in listing}
    assert {"inschrijvingen", "studiestarters", "werkbaarheid"} <= names


def test_flanders_from_institutions_matches_the_printed_graduaat_total(initialised: str) -> None:
    rows = json.loads(
        _invoke(
            "indicators",
            "show",
            "--dataset",
            "inschrijvingen",
            "--by",
            "flanders",
            "--format",
            "json",
        )
    )
    graduaat_mw = next(r for r in rows if r["label"][:2] == ["graduaat", "maatschappelijk werk"])
    # Report 4.1.1: maatschappelijk werk 1.661 (2020) ... 2.298 (2024)
    assert graduaat_mw["values"]["2020"] == 1661
    assert graduaat_mw["values"]["2024"] == 2298
    assert graduaat_mw["growth_absolute"] == 637


def test_unknown_dataset_fails_with_dutch_message(initialised: str) -> None:
    result = runner.invoke(app, ["indicators", "show", "--dataset", "bestaatniet"])
    assert result.exit_code == 2
    assert "onbekende dataset" in result.output


def test_tension_without_vacancies_says_what_to_import(initialised: str) -> None:
    assert "importeer de VDAB-cijfers" in _invoke("indicators", "tension")
