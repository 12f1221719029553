"""Keeping the follow-up in a spreadsheet: export, edit, import back, all or nothing."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest

from actionplan.builders import ANALYST, OWNER, OWNER_USER, add, change
from krapte.actionplan import exchange, service
from krapte.actionplan.core.followup import EventKind, Status
from krapte.bootstrap import Container
from krapte.errors import InvalidInput


def write(path: Path, rows: list[dict[str, object]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        fields = list(dict.fromkeys(key for row in rows for key in row))
        writer = csv.DictWriter(handle, fieldnames=fields, restval="")
        writer.writeheader()
        writer.writerows(rows)
    return path


def exported(container: Container) -> list[dict[str, object]]:
    return exchange.export_rows(container.unit_of_work())


def events(container: Container) -> list[tuple[int, str]]:
    return [(e.recommendation, e.kind.value) for e in service.events(container.unit_of_work())]


def test_export_lists_every_action_and_every_recommendation_without_one(
    container: Container,
) -> None:
    add(container)
    rows = exported(container)
    assert len(rows) == 60
    row36 = next(row for row in rows if row["recommendation"] == 36)
    assert (row36["action"], row36["owner"], row36["status"]) == (1, OWNER, "not_started")
    assert next(row for row in rows if row["recommendation"] == 1)["action"] == ""


def test_export_then_import_unchanged_changes_nothing(container: Container, tmp_path: Path) -> None:
    add(container)
    result = exchange.import_file(
        container.unit_of_work(write=True), ANALYST, write(tmp_path / "p.csv", exported(container))
    )
    assert (result.created, result.changed, result.events) == (0, 0, 0)
    assert result.unchanged == 60


def test_import_creates_updates_and_records_every_change(
    container: Container, tmp_path: Path
) -> None:
    add(container)
    rows = exported(container)
    for row in rows:
        if row["recommendation"] == 36:
            row.update(status="lopend", due_date="31/12/2026", note="Werkgroep gestart")
        if row["recommendation"] == 13:
            row.update(title="Dossier knelpuntopleiding", owner="VDAB", status="under_way")
    result = exchange.import_file(
        container.unit_of_work(write=True), ANALYST, write(tmp_path / "p.csv", rows)
    )
    assert (result.created, result.changed) == (1, 1)
    updated = service.get_action(container.unit_of_work(), 36, 1)
    assert (updated.status, updated.due_date) == (Status.UNDER_WAY, date(2026, 12, 31))
    history = service.history(container.unit_of_work(), 36)
    assert [e.kind for e in history] == [EventKind.CREATED, EventKind.EDITED, EventKind.STATUS]
    assert history[-1].note == "Werkgroep gestart"
    new = service.get_action(container.unit_of_work(), 13, 1)
    assert (new.owner, new.status) == ("VDAB", Status.UNDER_WAY)


def test_json_round_trip(container: Container, tmp_path: Path) -> None:
    add(container)
    rows = exported(container)
    rows[35]["status"] = "vastgelopen"
    path = tmp_path / "p.json"
    path.write_text(json.dumps(rows), encoding="utf-8")
    result = exchange.import_file(container.unit_of_work(write=True), ANALYST, path)
    assert result.changed == 1
    assert service.get_action(container.unit_of_work(), 36, 1).status is Status.STALLED


def problems_of(container: Container, path: Path) -> list[tuple[int | None, str, str]]:
    before = (events(container), exported(container))
    with pytest.raises(InvalidInput) as caught:
        exchange.import_file(container.unit_of_work(write=True), ANALYST, path)
    assert (events(container), exported(container)) == before, "nothing may change"
    assert all(p.file == path.name for p in caught.value.problems)
    return [(p.row, p.field, p.message) for p in caught.value.problems]


def test_duplicate_action_numbers_are_refused_naming_both_rows(
    container: Container, tmp_path: Path
) -> None:
    add(container)
    rows = exported(container)
    rows[35]["status"] = "lopend"
    twice = [*rows, dict(rows[35])]
    found = problems_of(container, write(tmp_path / "p.csv", twice))
    assert found == [(62, "action", "actie 36.1 staat al op rij 37")]


def test_every_bad_row_is_named_and_nothing_is_imported(
    container: Container, tmp_path: Path
) -> None:
    state = change(container, add(container), Status.DROPPED)
    rows = [
        {"recommendation": "36", "action": "1", "status": "afgerond"},
        {"recommendation": "99", "action": "", "title": "x", "owner": "y"},
        {
            "recommendation": "2",
            "action": "",
            "title": "Kader",
            "owner": "VDAB",
            "start_date": "2026-05-01",
            "due_date": "2026-04-01",
        },
        {
            "recommendation": "3",
            "action": "",
            "title": "Iets",
            "owner": "VDAB",
            "due_date": "morgen",
        },
        {"recommendation": "4", "action": "7", "status": "lopend"},
        {"recommendation": "5", "action": "", "title": "Nieuw", "owner": "VDAB"},
    ]
    found = problems_of(
        container,
        write(
            tmp_path / "p.csv",
            [
                {
                    key: row.get(key, "")
                    for key in (
                        "recommendation",
                        "action",
                        "title",
                        "owner",
                        "start_date",
                        "due_date",
                        "status",
                    )
                }
                for row in rows
            ],
        ),
    )
    assert [(row, field) for row, field, _ in found] == [
        (2, "status"),
        (3, "recommendation"),
        (4, "due_date"),
        (5, "due_date"),
        (6, "action"),
    ]
    assert "heropen ze eerst" in found[0][2]
    assert service.get_action(container.unit_of_work(), 36, state.number).status is Status.DROPPED


def test_import_asks_the_permission_function_for_every_row(
    container: Container, tmp_path: Path
) -> None:
    add(container)
    add(container, 13, service.NewAction("Dossier", "VDAB"))
    rows = [
        {"recommendation": "36", "action": "1", "status": "lopend"},
        {"recommendation": "13", "action": "1", "status": "lopend"},
    ]
    path = write(tmp_path / "p.csv", rows)
    before = events(container)
    with pytest.raises(InvalidInput) as caught:
        exchange.import_file(container.unit_of_work(write=True), OWNER_USER, path)
    assert [(p.row, p.field) for p in caught.value.problems] == [(3, "owner")]
    assert events(container) == before
