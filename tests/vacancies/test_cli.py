"""`krapte vacancies list|import|stats` on the command line's own store."""

from __future__ import annotations

import csv
import json
from datetime import date, timedelta
from pathlib import Path

from builders import run_cli

HEADER = [
    "organisation",
    "reference",
    "title",
    "occupation",
    "specialisation",
    "level",
    "accepted_diplomas",
    "municipality",
    "sector",
    "hours",
    "contract",
    "description",
    "closes_on",
    "posted_on",
]
CLOSES = (date.today() + timedelta(days=30)).isoformat()
POSTED = (date.today() - timedelta(days=3)).isoformat()


def _row(reference: str, **changes: str) -> list[str]:
    cells = {
        "organisation": "Vzw De Brug",
        "reference": reference,
        "title": "Maatschappelijk werker (m/v/x)",
        "occupation": "maatschappelijk werker",
        "specialisation": "maatschappelijk werk",
        "level": "bachelor",
        "accepted_diplomas": "sociaal werk;maatschappelijk assistent",
        "municipality": "Antwerpen",
        "sector": "jeugdhulp",
        "hours": "38",
        "contract": "vast",
        "description": "Je werkt met gezinnen.",
        "closes_on": CLOSES,
        "posted_on": POSTED,
    }
    cells.update(changes)
    return [cells[name] for name in HEADER]


def _file(tmp_path: Path, rows: list[list[str]]) -> Path:
    path = tmp_path / "vacatures.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def test_import_list_and_stats_into_the_data_hub(initialised: str, tmp_path: Path) -> None:
    rows = [_row("V1"), _row("V2", municipality="Hasselt", level="master", specialisation="")]
    imported = run_cli("vacancies", "import", str(_file(tmp_path, rows)))
    assert "2 vacatures gepubliceerd" in imported.output
    listed = json.loads(run_cli("vacancies", "list", "--format", "json").output)
    assert {row["province"] for row in listed} == {"Antwerpen", "Limburg"}
    limburg = json.loads(
        run_cli("vacancies", "list", "--regio", "Limburg", "--format", "json").output
    )
    assert [row["level"] for row in limburg] == ["master"]
    stats = json.loads(run_cli("vacancies", "stats", "--publish", "--format", "json").output)
    month = POSTED[:7]
    total = [r for r in stats if r["measure"] == "vacatures" and r["geography"] == "Vlaanderen"
             and not r["programme"] and not r["sector"]]  # fmt: skip
    assert [(r["period"], r["value"]) for r in total] == [(month, 2.0)]
    datasets = json.loads(run_cli("data", "list", "--format", "json").output)
    assert any(d["name"] == "vacatures" for d in datasets), datasets


def test_a_bad_import_names_rows_and_fields_and_stores_nothing(
    initialised: str, tmp_path: Path
) -> None:
    rows = [
        _row("V1"),
        _row("V1"),
        _row("V3", occupation="", level=""),
        _row("V4", closes_on="2020-01-01"),
        _row("V5", municipality="Antwerpn"),
    ]
    failed = run_cli("vacancies", "import", str(_file(tmp_path, rows)), code=2)
    assert "rij 3" in failed.output
    assert "al op rij 2" in failed.output
    assert "classificatie" in failed.output
    assert "sluitingsdatum" in failed.output
    assert "Antwerpen" in failed.output
    assert json.loads(run_cli("vacancies", "list", "--format", "json").output) == []


def test_importing_a_reference_twice_is_refused(initialised: str, tmp_path: Path) -> None:
    path = _file(tmp_path, [_row("V1")])
    run_cli("vacancies", "import", str(path))
    again = run_cli("vacancies", "import", str(path), code=2)
    assert "referentie 'V1'" in again.output
    assert len(json.loads(run_cli("vacancies", "list", "--format", "json").output)) == 1
