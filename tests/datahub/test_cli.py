"""`krapte data import`, `krapte data validate` and `krapte claims check` through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from builders import obs, store_release
from krapte.bootstrap import bootstrap
from krapte.cli import app
from krapte.datahub import repository

pytestmark = pytest.mark.e2e
runner = CliRunner()


@pytest.fixture
def store(cli_database: str) -> str:
    """The CLI's database with one release of `inschrijvingen` holding a wrong printed total."""
    container = bootstrap()
    container.store.initialise()
    with container.unit_of_work(write=True) as uow:
        repository.replace_reference(
            uow.session,
            "institutions",
            [
                {
                    "name": name,
                    "kind": "hogeschool",
                    "campus_city": "Gent",
                    "province": "Oost-Vlaanderen",
                    "note": "",
                }
                for name in "ABC"
            ],
        )
        repository.replace_reference(
            uow.session,
            "programmes",
            [{"name": "sociaal werk", "level": "bachelor", "family": "sociaal werk", "note": ""}],
        )
        store_release(
            uow.session,
            [
                obs(institution="A", value=10),
                obs(institution="B", value=20),
                obs(institution="C", value=5),
                obs(institution="", value=30),
            ],
        )
        uow.commit()
    container.store.dispose()
    return cli_database


def counts() -> tuple[int, int]:
    container = bootstrap()
    with container.unit_of_work() as uow:
        found = repository.count_releases(uow.session), repository.count_observations(uow.session)
    container.store.dispose()
    return found


def test_import_creates_a_new_release_and_says_what_it_changes(store: str, tmp_path: Path) -> None:
    path = tmp_path / "dataloep.csv"
    path.write_text("instelling;2023;2024\nHOGENT;1.938;39,9\n", encoding="utf-8")
    command = ["data", "import", str(path), "--dataset", "inschrijvingen", "--level", "bachelor"]
    refused = runner.invoke(app, command)
    assert refused.exit_code == 2
    assert "zou 4 waarnemingen van versie 1 van inschrijvingen verwijderen" in refused.output
    assert counts() == (1, 4)
    result = runner.invoke(app, [*command, "--remove-missing"])
    assert result.exit_code == 0, result.output
    assert "2 waarnemingen uit 1 rij geïmporteerd als versie 2 van inschrijvingen" in result.output
    assert (
        "Ten opzichte van versie 1 (inschrijvingen): 2 toegevoegd, 0 gewijzigd, " in result.output
    )
    assert "4 verwijderd, 0 ongewijzigd." in result.output
    assert counts() == (2, 6)


def test_an_import_that_adds_and_changes_needs_no_confirmation(store: str, tmp_path: Path) -> None:
    path = tmp_path / "aanvulling.csv"
    path.write_text(
        "instelling;opleiding;2024\nA;sociaal werk;10\nB;sociaal werk;21\nC;sociaal werk;5\n"
        "totaal;sociaal werk;36\nD;sociaal werk;1\n",
        encoding="utf-8",
    )
    result = runner.invoke(
        app, ["data", "import", str(path), "--dataset", "inschrijvingen", "--level", "bachelor"]
    )
    assert result.exit_code == 0, result.output
    assert "1 toegevoegd, 2 gewijzigd, 0 verwijderd, 2 ongewijzigd." in result.output


def test_bad_import_exits_2_with_dutch_errors_and_writes_nothing(
    store: str, tmp_path: Path
) -> None:
    path = tmp_path / "slecht.csv"
    path.write_text("instelling;2023\nHOGENT;veel\nOdisee;-3\n", encoding="utf-8")
    result = runner.invoke(app, ["data", "import", str(path), "--dataset", "inschrijvingen"])
    assert result.exit_code == 2
    assert "slecht.csv is geweigerd; er is niets geïmporteerd" in result.output
    assert "slecht.csv, rij 2, kolom '2023': geen getal: 'veel'" in result.output
    assert "slecht.csv, rij 3, kolom '2023': negatief aantal (-3)" in result.output
    assert counts() == (1, 4)


def test_validate_prints_findings_as_json_and_exits_0(store: str) -> None:
    result = runner.invoke(app, ["data", "validate", "--format", "json"])
    assert result.exit_code == 0, result.output
    [finding] = json.loads(result.stdout)
    assert finding["severity"] == "error"
    assert finding["dataset"] == "inschrijvingen"
    assert "klopt enkel zonder 'C'" in finding["message"]
    assert finding["values"]["sum_of_parts"] == 35


def test_validate_strict_exits_1_on_errors_and_table_is_dutch(store: str) -> None:
    result = runner.invoke(app, ["data", "validate", "--strict"])
    assert result.exit_code == 1
    assert "bevinding" in result.output
    assert "ernst" in result.output
    assert "4 waarnemingen gecontroleerd: 1 fout, 0 waarschuwingen, 0 meldingen." in result.output


def test_validate_unknown_dataset_is_refused(store: str) -> None:
    result = runner.invoke(app, ["data", "validate", "--dataset", "bestaat_niet"])
    assert result.exit_code == 2
    assert "onbekende dataset: bestaat_niet" in result.output


def test_claims_check_reports_status_and_exits_1_on_fout(store: str, tmp_path: Path) -> None:
    claims = tmp_path / "claims.toml"
    claims.write_text(
        "[[claim]]\n"
        'id = "totaal-30"\nstatement = "Dertig studenten."\nsection = "4.1.1"\n'
        "check = \"value('inschrijvingen', 'inschrijvingen', '2024', level='bachelor', "
        "programme='sociaal werk') == 30\"\n"
        "[[claim]]\n"
        'id = "meer-dan-40"\nstatement = "Meer dan veertig."\nsection = "4.1.1"\n'
        "check = \"total('inschrijvingen', 'inschrijvingen', '2024', level='bachelor', "
        "programme='sociaal werk', institution='*') > 40\"\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["claims", "check", "--file", str(claims), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = {r["id"]: r for r in json.loads(result.stdout)}
    assert (rows["totaal-30"]["status"], rows["totaal-30"]["figure"]) == ("ondersteund", 30)
    assert (rows["meer-dan-40"]["status"], rows["meer-dan-40"]["figure"]) == ("tegengesproken", 35)
    claims.write_text(
        '[[claim]]\nid = "kapot"\nstatement = "s"\nsection = "1"\n'
        "check = \"__import__('os') == 0\"\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["claims", "check", "--file", str(claims)])
    assert result.exit_code == 1
    assert "fout" in result.output


def test_bundled_claims_hold_or_are_contradicted_never_fout(cli_database: str) -> None:
    assert runner.invoke(app, ["init"]).exit_code == 0
    result = runner.invoke(app, ["claims", "check", "--format", "json"])
    assert result.exit_code == 0, result.output
    statuses = {r["id"]: r["status"] for r in json.loads(result.stdout)}
    assert len(statuses) >= 15
    assert statuses["graduaat-saw-meer-dan-7000"] == "tegengesproken"
    findings = json.loads(runner.invoke(app, ["data", "validate", "--format", "json"]).stdout)
    assert any("klopt enkel zonder 'sociaal werk'" in f["message"] for f in findings)


def test_large_import_shows_a_progress_bar(store: str, tmp_path: Path) -> None:
    path = tmp_path / "groot.csv"
    lines = ["instelling;2024", *(f"school {i};{i}" for i in range(6000))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["data", "import", str(path), "--dataset", "groot"])
    assert result.exit_code == 0, result.output
    assert "Cijfers opslaan" in result.output
    assert "6.000 waarnemingen uit 6.000 rijen" in result.output


def test_validating_a_large_store_shows_a_progress_bar(store: str, tmp_path: Path) -> None:
    assert "Waarnemingen lezen" not in runner.invoke(app, ["data", "validate"]).output
    path = tmp_path / "groot.csv"
    lines = ["instelling;2024", *(f"school {i};{i}" for i in range(6000))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert runner.invoke(app, ["data", "import", str(path), "--dataset", "groot"]).exit_code == 0
    result = runner.invoke(app, ["data", "validate"])
    assert result.exit_code == 0, result.output
    assert "Waarnemingen lezen" in result.output
