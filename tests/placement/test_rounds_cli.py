"""Placement rounds kept in the database, end to end through the command line."""

from __future__ import annotations

import csv
import io
import json
from importlib.resources import files
from pathlib import Path

import pytest
from click.testing import CliRunner

from krapte.bootstrap import bootstrap
from krapte.cli import app

pytestmark = pytest.mark.e2e
runner = CliRunner()
TEMPLATES = Path(str(files("krapte") / "data" / "placement_templates"))
FILES = [
    "--offers",
    str(TEMPLATES / "offers.csv"),
    "--students",
    str(TEMPLATES / "students.csv"),
    "--preferences",
    str(TEMPLATES / "preferences.csv"),
]


@pytest.fixture
def store(cli_database: str) -> str:
    """The command line's store, built (as `krapte init` would, without the bundled data)."""
    bootstrap().store.initialise()
    return cli_database


def _rounds() -> list[dict[str, object]]:
    result = runner.invoke(app, ["placement", "rounds", "--format", "json"])
    assert result.exit_code == 0, result.output
    rounds: list[dict[str, object]] = json.loads(result.output)
    return rounds


def test_import_list_and_run_a_stored_round(store: str, tmp_path: Path) -> None:
    imported = runner.invoke(app, ["placement", "import-round", "--name", "2026-voorjaar", *FILES])
    assert imported.exit_code == 0, imported.output
    [stored] = _rounds()
    assert (stored["name"], stored["students"], stored["offers"]) == ("2026-voorjaar", 12, 8)

    out = tmp_path / "uit"
    ran = runner.invoke(
        app, ["placement", "run-round", "--name", "2026-voorjaar", "--seed", "7", "--out", str(out)]
    )
    assert ran.exit_code == 0, ran.output
    assert "stabiel" in ran.output
    assert (out / "assignments.csv").is_file()
    assert _rounds()[0]["runs"] == 1


def test_a_bad_round_is_not_stored(store: str, tmp_path: Path) -> None:
    bad = tmp_path / "preferences.csv"
    bad.write_text("student_id,rank,offer_id\nST-001,1,ONBEKEND\n", encoding="utf-8")
    args = [*FILES[:4], "--preferences", str(bad)]
    result = runner.invoke(app, ["placement", "import-round", "--name", "fout", *args])
    assert result.exit_code == 2
    assert "ONBEKEND" in result.output
    assert _rounds() == []


def test_running_an_unknown_round_fails_in_dutch(store: str, tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "placement",
            "run-round",
            "--name",
            "nergens",
            "--seed",
            "1",
            "--out",
            str(tmp_path / "x"),
        ],
    )
    assert result.exit_code == 2
    assert "bestaat niet" in result.output
    assert not (tmp_path / "x").exists()


def test_rounds_as_csv_is_real_csv_with_english_keys(store: str) -> None:
    runner.invoke(app, ["placement", "import-round", "--name", "a;b", *FILES])
    result = runner.invoke(app, ["placement", "rounds", "--format", "csv"])
    assert result.exit_code == 0, result.output
    [row] = list(csv.DictReader(io.StringIO(result.output)))
    assert (row["name"], row["students"], row["offers"], row["runs"]) == ("a;b", "12", "8", "0")


def test_rounds_as_a_table_shows_dutch_labels(store: str) -> None:
    runner.invoke(app, ["placement", "import-round", "--name", "voorjaar", *FILES])
    result = runner.invoke(app, ["placement", "rounds"])
    assert result.exit_code == 0, result.output
    assert "studenten" in result.output
    assert "voorjaar" in result.output


def test_listing_rounds_never_creates_a_database(cli_database: str, krapte_home: Path) -> None:
    result = runner.invoke(app, ["placement", "rounds"])
    assert result.exit_code == 2
    assert "niet ingericht" in result.output
    assert not (krapte_home / "krapte.db").exists()
