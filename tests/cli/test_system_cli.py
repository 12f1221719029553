"""End to end through the command line on the bundled data: init, list, export, indicators."""

from __future__ import annotations

import csv
import io
import json
from importlib.resources import files
from pathlib import Path

import pytest
from click.testing import CliRunner

from krapte.cli import app
from krapte.datahub.core.records import TIDY_COLUMNS

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


@pytest.mark.parametrize(
    "command",
    [
        ["data", "list"],
        ["data", "export", "--format", "json"],
        ["data", "validate"],
        ["claims", "check"],
        ["indicators", "show", "--dataset", "inschrijvingen"],
        ["indicators", "tension"],
    ],
)
def test_commands_on_an_empty_database_say_to_run_init(
    cli_database: str, command: list[str]
) -> None:
    result = runner.invoke(app, command)
    assert result.exit_code == 2
    assert "voer eerst `krapte init` uit" in result.output
    assert "Traceback" not in result.output


def test_list_and_indicators_also_write_csv(initialised: str) -> None:
    listing = list(csv.DictReader(io.StringIO(_invoke("data", "list", "--format", "csv"))))
    assert {row["dataset"] for row in listing} >= {"inschrijvingen", "studiestarters"}
    rows = list(
        csv.DictReader(
            io.StringIO(
                _invoke(
                    "indicators",
                    "show",
                    "--dataset",
                    "inschrijvingen",
                    "--by",
                    "provincie",
                    "--format",
                    "csv",
                )
            )
        )
    )
    limburg = next(r for r in rows if r["provincie"] == "Limburg" and r["niveau"] == "bachelor")
    assert float(limburg["2020"]) == 502  # Hogeschool PXL Hasselt, report 4.1.1
    assert float(limburg["groei"]) == -188


def test_growth_figures_are_not_shown_as_a_yearly_series(initialised: str) -> None:
    output = _invoke(
        "indicators", "show", "--dataset", "tewerkstelling", "--measure", "tewerkstelling_groei"
    )
    assert "Geen jaarreeksen" in output


def test_export_into_a_missing_folder_writes_nothing(initialised: str, tmp_path: Path) -> None:
    target = tmp_path / "nergens" / "export.csv"
    result = runner.invoke(app, ["data", "export", "--out", str(target)])
    assert result.exit_code == 2
    assert "deze map bestaat niet" in result.output
    assert not target.parent.exists()


def test_export_to_a_file_writes_the_whole_store(initialised: str, tmp_path: Path) -> None:
    folder = tmp_path / "uit"
    folder.mkdir()
    target = folder / "export.json"
    _invoke("data", "export", "--format", "json", "--out", str(target))
    assert len(json.loads(target.read_text(encoding="utf-8"))) == _bundled_row_count()
    assert [p.name for p in folder.iterdir()] == ["export.json"]  # no temporary file left


def test_tension_ratio_after_importing_vdab_vacancies(initialised: str, tmp_path: Path) -> None:
    vacancies = tmp_path / "vacatures.csv"
    vacancies.write_text(
        "categorie;2025-03;2025-04\nmaatschappelijk werker;760;771\n", encoding="utf-8"
    )
    imported = _invoke(
        "data",
        "import",
        str(vacancies),
        "--dataset",
        "werkzoekenden_vacatures",
        "--measure",
        "vacatures",
    )
    assert "1 waarneming van andere maatstaven overgenomen" in imported
    [row] = json.loads(_invoke("indicators", "tension", "--format", "json"))
    # 1.542 job seekers in April 2025 (report 2.3.2) over 771 imported vacancies
    assert (row["period"], row["job_seekers"], row["vacancies"], row["ratio"]) == (
        "2025-04",
        1542.0,
        771.0,
        2.0,
    )


def test_restore_makes_the_bundled_release_current_again(initialised: str, tmp_path: Path) -> None:
    update = tmp_path / "dataloep.csv"
    update.write_text("instelling;niveau;2025\nHOGENT;bachelor;800\n", encoding="utf-8")
    _invoke("data", "import", str(update), "--dataset", "inschrijvingen")
    restored = _invoke("data", "restore", "--dataset", "inschrijvingen", "--release", "1")
    assert "Versie 1 van inschrijvingen geldt opnieuw, als versie 3." in restored
    listing = json.loads(_invoke("data", "list", "--format", "json"))
    enrolments = next(d for d in listing if d["dataset"] == "inschrijvingen")
    assert (enrolments["versies"], enrolments["rijen"]) == (3, 200)


def test_restoring_a_missing_release_names_it(initialised: str) -> None:
    result = runner.invoke(
        app, ["data", "restore", "--dataset", "inschrijvingen", "--release", "9"]
    )
    assert result.exit_code == 2
    assert "versie 9 van dataset inschrijvingen bestaat niet" in result.output
