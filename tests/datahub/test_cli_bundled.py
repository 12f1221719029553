"""`krapte init` and `krapte data` end to end on the bundled data: list, export, import, restore."""

from __future__ import annotations

import csv
import io
import json
from importlib.resources import files
from pathlib import Path

import pytest

from builders import run_cli
from krapte.datahub.core.records import TIDY_COLUMNS

pytestmark = pytest.mark.e2e


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
    return run_cli(*args).stdout


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
    names = {d["name"] for d in listing}
    assert {"inschrijvingen", "studiestarters", "werkbaarheid"} <= names


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
    cli_database: str, command: list[str], krapte_home: Path
) -> None:
    result = run_cli(*command, code=2)
    assert "Fout: de databank is nog niet ingericht" in result.output
    assert "Voer `krapte init` uit om de databank in te richten." in result.output
    assert list(krapte_home.iterdir()) == []  # reading never creates a database


def test_list_also_writes_csv(initialised: str) -> None:
    listing = list(csv.DictReader(io.StringIO(_invoke("data", "list", "--format", "csv"))))
    assert {row["name"] for row in listing} >= {"inschrijvingen", "studiestarters"}
    assert set(listing[0]) == {"name", "title", "releases", "latest_release", "rows", "description"}


def test_export_into_a_missing_folder_writes_nothing(initialised: str, tmp_path: Path) -> None:
    target = tmp_path / "nergens" / "export.csv"
    result = run_cli("data", "export", "--out", str(target), code=2)
    assert "kan niet geschreven worden (het bestand of de map bestaat niet)" in result.output
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
    refused = run_cli("data", "import", str(update), "--dataset", "inschrijvingen", code=2)
    assert "zou 200 waarnemingen van versie 1 van inschrijvingen verwijderen" in refused.output
    assert "Gebruik --remove-missing" in refused.output
    _invoke("data", "import", str(update), "--dataset", "inschrijvingen", "--remove-missing")
    restored = _invoke("data", "restore", "--dataset", "inschrijvingen", "--release", "1")
    assert "Versie 1 van inschrijvingen geldt opnieuw, als versie 3." in restored
    listing = json.loads(_invoke("data", "list", "--format", "json"))
    enrolments = next(d for d in listing if d["name"] == "inschrijvingen")
    assert (enrolments["releases"], enrolments["rows"]) == (3, 200)


def test_restoring_a_missing_release_names_it(initialised: str) -> None:
    result = run_cli("data", "restore", "--dataset", "inschrijvingen", "--release", "9", code=2)
    assert "versie 9 van dataset inschrijvingen bestaat niet" in result.output


def test_restoring_the_current_release_says_there_is_nothing_to_restore(initialised: str) -> None:
    result = run_cli("data", "restore", "--dataset", "inschrijvingen", "--release", "1", code=2)
    assert "versie 1 is de geldende versie van inschrijvingen; er is niets te herstellen" in (
        result.output
    )


def test_export_csv_file_opens_in_excel_and_runs_no_formula(
    initialised: str, tmp_path: Path
) -> None:
    target = tmp_path / "export.csv"
    _invoke("data", "export", "--out", str(target))
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark: Excel reads the accents
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == _bundled_row_count()
    risky = [c for r in rows for c in r.values() if c.startswith(("=", "+", "-", "@"))]
    assert all(_is_number(cell) for cell in risky)  # only negative numbers, never a formula


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
