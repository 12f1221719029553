"""Imports of wide CSV/XLSX exports: good files become a new release, bad ones change nothing.

Parsing alone (no store) is specified in ``test_import_parsing.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from builders import EXPORT_ROWS, EXPORT_VALUES, obs, store_release, write_rows
from krapte.bootstrap import Container
from krapte.datahub import repository
from krapte.datahub import tables as t
from krapte.datahub.core.importer import ImportOptions
from krapte.datahub.import_service import ImportResult, RemovalNotConfirmed
from krapte.datahub.import_service import import_file as run_import
from krapte.datahub.repository import fetch_observations
from krapte.errors import InvalidInput
from krapte.indicators.core.tension import tension_by_region

OPTIONS = ImportOptions(dataset="inschrijvingen", level="bachelor", source="Dataloep 2025")
GOOD = EXPORT_ROWS


@pytest.fixture
def factory(container: Container) -> Container:
    """A migrated store (SQLite, and PostgreSQL when given) with release 1 of `inschrijvingen`."""
    with container.unit_of_work(write=True) as uow:
        store_release(
            uow.session, [obs(value=5066), obs(period="2023", value=5105)], label="gebundeld"
        )
        uow.commit()
    return container


@contextmanager
def reading(container: Container) -> Iterator[Session]:
    with container.unit_of_work() as uow:
        yield uow.session


def import_file(
    container: Container, path: Path, options: ImportOptions, **kwargs: Any
) -> ImportResult:
    return run_import(container.unit_of_work(write=True), path, options, **kwargs)


def snapshot(factory: Container) -> tuple[object, ...]:
    with reading(factory) as session:
        releases = session.execute(
            select(t.Release.dataset_name, t.Release.version).order_by(t.Release.id)
        ).all()
        rows = session.execute(
            select(t.Observation.release_id, t.Observation.period, t.Observation.value).order_by(
                t.Observation.id
            )
        ).all()
        datasets = session.scalars(select(t.Dataset.name)).all()
    return (tuple(datasets), tuple(releases), tuple(rows))


# --- good files -----------------------------------------------------------------------------


def test_good_csv_becomes_release_2_and_release_1_stays_queryable(
    factory: Container, tmp_path: Path
) -> None:
    result = import_file(
        factory, write_rows(tmp_path / "export.csv", GOOD), OPTIONS, remove_missing=True
    )
    assert (result.version, result.observations, result.data_rows) == (2, 8, 3)
    with reading(factory) as session:
        new = repository.fetch_observations(session, "inschrijvingen")
        old = repository.fetch_observations(session, "inschrijvingen", version=1)
    assert [o.value for o in old] == [5066, 5105]
    values = {(o.institution, o.programme, o.period): o.value for o in new}
    assert values == EXPORT_VALUES
    first = new[0]
    assert (first.level, first.unit, first.geography) == ("bachelor", "count", "Vlaanderen")
    assert (first.source, first.table, first.measure) == (
        "Dataloep 2025",
        "export.csv",
        "inschrijvingen",
    )


def test_comma_delimited_csv_with_bom_and_english_headers(
    factory: Container, tmp_path: Path
) -> None:
    path = tmp_path / "en.csv"
    path.write_text(
        "\ufeffInstitution,Programme,Level,Category,Geography,2023\n"
        'UCLL,Orthopedagogie,graduaat,x,Limburg,"1.500"\n',
        encoding="utf-8",
    )
    import_file(factory, path, ImportOptions(dataset="nieuw", measure="studiestarters"))
    with reading(factory) as session:
        [row] = repository.fetch_observations(session, "nieuw")
    assert (row.institution, row.programme, row.level, row.category, row.geography) == (
        "UCLL",
        "orthopedagogie",
        "graduaat",
        "x",
        "Limburg",
    )
    assert (row.measure, row.value, row.period, row.table) == (
        "studiestarters",
        1500,
        "2023",
        "en.csv",
    )


def test_good_xlsx_imports_numbers_and_dutch_text(factory: Container, tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Leeg"
    data = workbook.create_sheet("Dataloep")
    data.append(["instelling", "opleiding", 2020, "2021-2022"])
    data.append(["Howest", "maatschappelijk werk", 83, "1.938"])
    data.append(["VIVES", "maatschappelijk werk", 39.9, None])
    path = tmp_path / "export.xlsx"
    workbook.save(path)
    options = ImportOptions(dataset="inschrijvingen", level="graduaat", sheet="Dataloep")
    result = import_file(factory, path, options, remove_missing=True)
    assert (result.version, result.observations) == (2, 3)
    with reading(factory) as session:
        got = {
            (o.institution, o.period): o.value
            for o in repository.fetch_observations(session, "inschrijvingen")
        }
    assert got == {("Howest", "2020"): 83, ("Howest", "2021"): 1938, ("VIVES", "2020"): 39.9}


# --- bad files: rejected with file, row and column, and nothing is written --------------------

BAD_CSV: dict[str, tuple[list[list[str]], str]] = {
    "unknown column": (
        [["instelling", "kleur", "2020"], ["A", "rood", "1"]],
        "rij 1, kolom 'kleur'",
    ),
    "text in a number cell": (
        [["instelling", "2020"], ["A", "1"], ["B", "veel"]],
        "rij 3, kolom '2020': geen getal",
    ),
    "negative count": (
        [["instelling", "2020", "2021"], ["A", "1", "-4"]],
        "rij 2, kolom '2021': negatief aantal",
    ),
    "duplicate key": (
        [["instelling", "opleiding", "2020"], ["A", "x", "1"], ["B", "x", "2"], ["A", "X", "3"]],
        "rij 4, kolom 'instelling, opleiding': dubbele sleutel: dezelfde waarden als rij 2",
    ),
    "header only": ([["instelling", "2020"]], "alleen een kopregel"),
    "no year columns": ([["instelling", "opleiding"], ["A", "x"]], "geen jaar- of maandkolommen"),
    "unknown level": (
        [["instelling", "niveau", "2020"], ["A", "doctoraat", "1"]],
        "rij 2, kolom 'niveau': onbekend niveau",
    ),
    "too many cells": (
        [["instelling", "2020"], ["A", "1", "2"]],
        "rij 2: meer waarden dan kolommen",
    ),
}


@pytest.mark.parametrize("kind", list(BAD_CSV))
def test_bad_csv_is_rejected_and_nothing_is_written(
    kind: str, factory: Container, tmp_path: Path
) -> None:
    rows, expected = BAD_CSV[kind]
    path = write_rows(tmp_path / "slecht.csv", rows)
    before = snapshot(factory)
    with pytest.raises(InvalidInput) as raised:
        import_file(factory, path, OPTIONS)
    assert raised.value.message == "slecht.csv is geweigerd; er is niets geïmporteerd"
    assert any(expected in str(problem) for problem in raised.value.problems)
    assert snapshot(factory) == before


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "het bestand is leeg"),
        (b"\n \n", "het bestand is leeg"),
        (
            "instelling;2020\nSaint-Lucas Hogeschool\u00e9;1\n".encode() + b"\xff",
            "f.csv, rij 3: teken 0xFF is geen geldige UTF-8",
        ),
    ],
)
def test_empty_or_wrongly_encoded_files_are_rejected(
    content: bytes, expected: str, factory: Container, tmp_path: Path
) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(content)
    before = snapshot(factory)
    with pytest.raises(InvalidInput) as raised:
        import_file(factory, path, OPTIONS)
    assert any(expected in str(problem) for problem in raised.value.problems)
    assert snapshot(factory) == before


def test_a_windows_1252_file_is_read_as_such(factory: Container, tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes("instelling;2020\nSaint-Lucas Hogeschool\u00e9;1\n".encode("cp1252"))
    import_file(factory, path, ImportOptions(dataset="nieuw"))
    with reading(factory) as session:
        [row] = fetch_observations(session, "nieuw")
    assert row.institution == "Saint-Lucas Hogeschool\u00e9"


def test_broken_xlsx_and_unknown_sheet_are_rejected(factory: Container, tmp_path: Path) -> None:
    broken = tmp_path / "kapot.xlsx"
    broken.write_bytes(b"not a zip file")
    before = snapshot(factory)
    with pytest.raises(InvalidInput) as raised:
        import_file(factory, broken, OPTIONS)
    assert "geen geldig .xlsx-bestand" in str(raised.value.problems[0])
    workbook = Workbook()
    path = tmp_path / "goed.xlsx"
    workbook.save(path)
    with pytest.raises(InvalidInput) as raised:
        import_file(factory, path, ImportOptions(dataset="inschrijvingen", sheet="Dataloep"))
    assert "tabblad 'Dataloep' bestaat niet" in str(raised.value.problems[0])
    assert snapshot(factory) == before


REFUSING_TRIGGER = {
    "sqlite": [
        "CREATE TRIGGER refuse BEFORE INSERT ON observation "
        "BEGIN SELECT RAISE(ABORT, 'geweigerd'); END"
    ],
    "postgresql": [
        "CREATE OR REPLACE FUNCTION refuse() RETURNS trigger AS "
        "$$ BEGIN RAISE EXCEPTION 'geweigerd'; END $$ LANGUAGE plpgsql",
        "CREATE TRIGGER refuse BEFORE INSERT ON observation FOR EACH ROW EXECUTE FUNCTION refuse()",
    ],
}


def test_failure_while_storing_rolls_back_the_whole_release(
    factory: Container, tmp_path: Path
) -> None:
    """The database refuses the observations after the release row was written: no trace."""
    with factory.unit_of_work(write=True) as uow:
        for statement in REFUSING_TRIGGER[uow.session.get_bind().dialect.name]:
            uow.session.execute(text(statement))
        uow.commit()
    before = snapshot(factory)
    with pytest.raises(DBAPIError, match="geweigerd"):
        import_file(factory, write_rows(tmp_path / "f.csv", GOOD), ImportOptions(dataset="nieuw"))
    assert snapshot(factory) == before


def test_a_name_too_long_for_the_database_is_named_and_nothing_is_written(
    factory: Container, tmp_path: Path
) -> None:
    long_name = "Hogeschool " + "x" * 240
    rows = [["Instelling", "2024"], [long_name, "12"]]
    before = snapshot(factory)
    with pytest.raises(InvalidInput) as raised:
        import_file(factory, write_rows(tmp_path / "lang.csv", rows), OPTIONS)
    [problem] = raised.value.problems
    assert str(problem).startswith("lang.csv, rij 2, kolom 'Instelling': te lang")
    assert snapshot(factory) == before


def test_a_source_option_too_long_is_refused(factory: Container, tmp_path: Path) -> None:
    options = ImportOptions(dataset="inschrijvingen", source="s" * 301)
    with pytest.raises(InvalidInput) as raised:
        import_file(factory, write_rows(tmp_path / "f.csv", GOOD), options)
    assert [str(p) for p in raised.value.problems] == ["bron: te lang: 301 tekens, hoogstens 300"]


def test_importing_one_measure_keeps_the_other_measures_of_the_dataset(
    factory: Container, tmp_path: Path
) -> None:
    seekers = write_rows(
        tmp_path / "wz.csv", [["categorie", "2025-04"], ["maatschappelijk werker", "1.542"]]
    )
    openings = write_rows(
        tmp_path / "vac.csv", [["categorie", "2025-04"], ["maatschappelijk werker", "771"]]
    )
    first = import_file(factory, seekers, ImportOptions(dataset="wv", measure="werkzoekenden"))
    second = import_file(factory, openings, ImportOptions(dataset="wv", measure="vacatures"))
    assert (first.carried_over, second.carried_over) == (0, 1)
    with reading(factory) as session:
        latest = {(o.measure, o.period, o.value) for o in fetch_observations(session, "wv")}
        assert latest == {("werkzoekenden", "2025-04", 1542.0), ("vacatures", "2025-04", 771.0)}
        assert tension_by_region(fetch_observations(session, "wv"))[0].ratio == 2.0


def test_a_new_file_for_the_same_measure_replaces_it(factory: Container, tmp_path: Path) -> None:
    with pytest.raises(RemovalNotConfirmed, match="zou 2 waarnemingen van versie 1"):
        import_file(factory, write_rows(tmp_path / "e.csv", GOOD), OPTIONS)
    path = write_rows(tmp_path / "e.csv", GOOD)
    result = import_file(factory, path, OPTIONS, remove_missing=True)
    assert result.carried_over == 0
    assert (result.diff.added, result.diff.removed) == (8, 2)
    with reading(factory) as session:
        assert {o.value for o in fetch_observations(session, "inschrijvingen")} >= {1938.0}
        assert 5105.0 not in {o.value for o in fetch_observations(session, "inschrijvingen")}


# --- large files: chunks, progress and all-or-nothing -----------------------------------------


def test_figures_are_stored_in_chunks_with_progress_over_figures(
    factory: Container, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(repository, "CHUNK_ROWS", 3)
    seen: list[tuple[int, int]] = []
    path = write_rows(tmp_path / "export.csv", GOOD)
    run_import(
        factory.unit_of_work(write=True),
        path,
        ImportOptions(dataset="nieuw"),
        lambda done, total: seen.append((done, total)),
    )
    assert seen == [(3, 8), (6, 8), (8, 8)]
    with reading(factory) as session:
        stored = {
            (o.institution, o.programme, o.period): o.value
            for o in fetch_observations(session, "nieuw")
        }
    assert stored == EXPORT_VALUES


REFUSING_LAST_CHUNK = {
    "sqlite": [
        "CREATE TRIGGER refuse BEFORE INSERT ON observation WHEN NEW.value = 3374.5 "
        "BEGIN SELECT RAISE(ABORT, 'geweigerd'); END"
    ],
    "postgresql": [
        "CREATE OR REPLACE FUNCTION refuse() RETURNS trigger AS $$ BEGIN "
        "IF NEW.value = 3374.5 THEN RAISE EXCEPTION 'geweigerd'; END IF; RETURN NEW; END $$ "
        "LANGUAGE plpgsql",
        "CREATE TRIGGER refuse BEFORE INSERT ON observation FOR EACH ROW EXECUTE FUNCTION refuse()",
    ],
}


def test_a_failure_in_the_last_chunk_leaves_the_store_as_it_was(
    factory: Container, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Earlier chunks were written when the last one fails: none of them stays."""
    monkeypatch.setattr(repository, "CHUNK_ROWS", 3)
    with factory.unit_of_work(write=True) as uow:
        for statement in REFUSING_LAST_CHUNK[uow.session.get_bind().dialect.name]:
            uow.session.execute(text(statement))
        uow.commit()
    before = snapshot(factory)
    path = write_rows(tmp_path / "f.csv", GOOD)
    with pytest.raises(DBAPIError, match="geweigerd"):
        import_file(factory, path, OPTIONS, remove_missing=True)
    with pytest.raises(DBAPIError, match="geweigerd"):
        import_file(factory, path, ImportOptions(dataset="nieuw"))
    assert snapshot(factory) == before


def test_an_unconfirmed_removal_found_after_writing_leaves_the_store_as_it_was(
    factory: Container, tmp_path: Path
) -> None:
    before = snapshot(factory)
    with pytest.raises(RemovalNotConfirmed) as refused:
        import_file(factory, write_rows(tmp_path / "e.csv", GOOD), OPTIONS)
    diff = refused.value.diff
    assert (diff.added, diff.changed, diff.removed, diff.unchanged) == (8, 0, 2, 0)
    assert snapshot(factory) == before


def test_the_diff_counts_changed_unchanged_added_and_removed_figures(
    factory: Container, tmp_path: Path
) -> None:
    first = [["Instelling", "2022", "2023"], ["A", "1", "2"], ["B", "3", "4"]]
    second = [["Instelling", "2022", "2023", "2024"], ["A", "1", "5", "6"], ["C", "7", ""]]
    options = ImportOptions(dataset="nieuw")
    import_file(factory, write_rows(tmp_path / "a.csv", first), options)
    result = import_file(
        factory, write_rows(tmp_path / "b.csv", second), options, remove_missing=True
    )
    diff = result.diff
    assert (diff.added, diff.changed, diff.removed, diff.unchanged) == (2, 1, 2, 1)


def test_a_figure_printed_in_two_tables_is_unchanged_when_one_copy_has_its_value(
    factory: Container, tmp_path: Path
) -> None:
    """Figures are matched by what they are about: the printed table does not count."""
    with factory.unit_of_work(write=True) as uow:
        store_release(
            uow.session,
            [obs(dataset="twee", value=5, table="t1"), obs(dataset="twee", value=6, table="t2")],
            dataset="twee",
        )
        uow.commit()
    path = write_rows(
        tmp_path / "f.csv", [["Opleiding", "Niveau", "2024"], ["sociaal werk", "bachelor", "6"]]
    )
    result = import_file(factory, path, ImportOptions(dataset="twee", measure="inschrijvingen"))
    diff = result.diff
    assert (diff.added, diff.changed, diff.removed, diff.unchanged) == (0, 0, 0, 1)


def test_shared_fields_with_quotes_are_stored_exactly_as_given(
    container: Container, tmp_path: Path
) -> None:
    options = ImportOptions(
        dataset="inschrijvingen",
        source="Dataloep 'ruw'; \"x\" -- o'neill",
        section="4.1'1",
        table="t'1",
    )
    import_file(container, write_rows(tmp_path / "export.csv", GOOD), options)
    with reading(container) as session:
        stored = fetch_observations(session, "inschrijvingen")
    assert {(o.source, o.section, o.table) for o in stored} == {
        ("Dataloep 'ruw'; \"x\" -- o'neill", "4.1'1", "t'1")
    }
    assert len(stored) == 8
