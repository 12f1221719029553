"""`krapte actionplan ...` from the command line, on the command line's own store."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from builders import run_cli


def test_list_shows_all_sixty_with_the_right_groups(initialised: str) -> None:
    records = json.loads(run_cli("actionplan", "list", "--format", "json").output)
    assert len(records) == 60
    per_group: dict[str, int] = {}
    for record in records:
        per_group[record["actor_group"]] = per_group.get(record["actor_group"], 0) + 1
    assert per_group == {
        "government": 10,
        "employment_service": 4,
        "sector_federation": 6,
        "care_welfare_ambassador": 5,
        "higher_education": 12,
        "social_work_organisations": 17,
        "individual_social_workers": 6,
    }


def test_add_update_and_list_an_action(initialised: str) -> None:
    added = run_cli(
        "actionplan",
        "add",
        "36",
        "--title",
        "Centraal stageplatform",
        "--owner",
        "Sterk Sociaal Werk",
        "--start",
        "2026-01-01",
        "--due",
        "2026-06-30",
        "--indicator",
        "stage_vulgraad",
    )
    assert "Actie 36.1 vastgelegd" in added.output
    updated = run_cli("actionplan", "update", "36", "--status", "lopend", "--note", "Gestart")
    assert "Actie 36.1 bijgewerkt (status gewijzigd): lopend." in updated.output
    listed = run_cli("actionplan", "list", "--actions", "--status", "lopend", "--format", "csv")
    rows = list(csv.DictReader(listed.output.splitlines()))
    assert [(r["reference"], r["status"], r["indicators"]) for r in rows] == [
        ("36.1", "under_way", "stage_vulgraad")
    ]


def test_bad_updates_give_a_dutch_error_and_exit_2(initialised: str) -> None:
    run_cli("actionplan", "add", "36", "--title", "Platform", "--owner", "SSW")
    run_cli("actionplan", "update", "36", "--status", "stopgezet")
    refused = run_cli("actionplan", "update", "36.1", "--status", "afgerond", code=2)
    assert "heropen ze eerst" in refused.output
    unknown = run_cli("actionplan", "update", "61", "--status", "lopend", code=2)
    assert "aanbeveling 61 bestaat niet" in unknown.output
    status = run_cli("actionplan", "update", "36", "--status", "bezig", code=2)
    assert "onbekende status 'bezig'" in status.output
    reopened = run_cli("actionplan", "update", "36", "--reopen", "--note", "Nieuwe middelen")
    assert "heropend" in reopened.output


def test_export_and_import_round_trip(initialised: str, tmp_path: Path) -> None:
    run_cli("actionplan", "add", "36", "--title", "Platform", "--owner", "SSW")
    out = tmp_path / "plan.csv"
    run_cli("actionplan", "export", "--out", str(out))
    text = out.read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(text.splitlines()))
    assert len(rows) == 60
    for row in rows:
        if row["recommendation"] == "36":
            row["status"] = "lopend"
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    imported = run_cli("actionplan", "import", str(out))
    assert "0 nieuwe acties, 1 gewijzigd" in imported.output
    as_json = json.loads(run_cli("actionplan", "export", "--format", "json").output)
    assert next(r for r in as_json if r["recommendation"] == 36)["status"] == "under_way"


def test_report_is_written_as_html_and_pdf(initialised: str, tmp_path: Path) -> None:
    run_cli(
        "actionplan",
        "add",
        "13",
        "--title",
        "Dossier knelpuntopleiding",
        "--owner",
        "VDAB",
        "--due",
        "2026-03-01",
    )
    html = tmp_path / "vdab.html"
    run_cli("actionplan", "report", "--actor", "employment_service", "--out", str(html))
    page = html.read_text(encoding="utf-8")
    assert "Voortgang actieplan: VDAB" in page
    assert "13.1 Dossier knelpuntopleiding" in page
    assert "Studiestarters graduaat maatschappelijk werk" in page
    assert "<svg" in page, "the linked indicator's chart is inside the file"
    assert "1.062" in page, "the latest value of graduaat starters (2024) from the bundled data"
    pdf = tmp_path / "vdab.pdf"
    run_cli("actionplan", "report", "--actor", "employment_service", "--out", str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF-")
    refused = run_cli(
        "actionplan",
        "report",
        "--actor",
        "employment_service",
        "--out",
        str(tmp_path / "r.docx"),
        code=2,
    )
    assert ".html of .pdf" in refused.output
    assert not (tmp_path / "r.docx").exists()
