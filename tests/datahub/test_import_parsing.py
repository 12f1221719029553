"""Parsing wide exports (no store): good files become observations, bad files are refused whole.

Every file is read by the one tabular reader, so the problems name file, row and column the way a
spreadsheet numbers them, and the refusal says that nothing was imported.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from builders import EXPORT_ROWS, EXPORT_VALUES, write_rows
from krapte.datahub.core.importer import ImportOptions, parse_import, year_of
from krapte.errors import InvalidInput

OPTIONS = ImportOptions(dataset="inschrijvingen", level="bachelor", source="Dataloep 2025")
GOOD = EXPORT_ROWS


def refusal(path: Path, options: ImportOptions = OPTIONS) -> InvalidInput:
    with pytest.raises(InvalidInput) as raised:
        parse_import(path, options)
    assert raised.value.message == f"{path.name} is geweigerd; er is niets geïmporteerd"
    return raised.value


def test_dutch_numbers_and_totals_become_observations(tmp_path: Path) -> None:
    parsed = parse_import(write_rows(tmp_path / "export.csv", GOOD), OPTIONS)
    assert parsed.data_rows == 3
    values = {(o.institution, o.programme, o.period): o.value for o in parsed.observations}
    assert values == EXPORT_VALUES
    assert len(parsed.checksum) == 64


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_every_delimiter_reads_the_same(tmp_path: Path, delimiter: str) -> None:
    parsed = parse_import(write_rows(tmp_path / "f.csv", GOOD, delimiter), OPTIONS)
    assert len(parsed.observations) == 8


def test_a_windows_1252_export_is_read(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes("instelling;2020\nHaute École Léonard;1.938\n".encode("cp1252"))
    [observation] = parse_import(path, OPTIONS).observations
    assert (observation.institution, observation.value) == ("Haute École Léonard", 1938)


def test_blank_lines_keep_the_spreadsheet_row_numbers(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text("instelling;2020\n\nA;1\n\nB;veel\n", encoding="utf-8")
    [problem] = refusal(path).problems
    assert (problem.file, problem.row, problem.field) == ("f.csv", 5, "2020")


BAD_CSV: dict[str, tuple[list[list[str]], tuple[int | None, str], str]] = {
    "unknown column": (
        [["instelling", "kleur", "2020"], ["A", "rood", "1"]],
        (1, "kleur"),
        "onbekende kolom",
    ),
    "text in a number cell": (
        [["instelling", "2020"], ["A", "1"], ["B", "veel"]],
        (3, "2020"),
        "geen getal",
    ),
    "a number a float cannot hold": (
        [["instelling", "2020"], ["A", "1" * 400]],
        (2, "2020"),
        "te groot",
    ),
    "negative count": (
        [["instelling", "2020", "2021"], ["A", "1", "-4"]],
        (2, "2021"),
        "negatief aantal",
    ),
    "duplicate key": (
        [["instelling", "opleiding", "2020"], ["A", "x", "1"], ["B", "x", "2"], ["A", "X", "3"]],
        (4, "instelling, opleiding"),
        "dubbele sleutel: dezelfde waarden als rij 2",
    ),
    "header only": ([["instelling", "2020"]], (1, ""), "alleen een kopregel"),
    "no year columns": (
        [["instelling", "opleiding"], ["A", "x"]],
        (1, ""),
        "geen jaar- of maandkolommen",
    ),
    "unknown level": (
        [["instelling", "niveau", "2020"], ["A", "doctoraat", "1"]],
        (2, "niveau"),
        "onbekend niveau",
    ),
    "too many cells": (
        [["instelling", "2020"], ["A", "1", "2"]],
        (2, ""),
        "meer waarden dan kolommen",
    ),
}


@pytest.mark.parametrize("kind", list(BAD_CSV))
def test_a_bad_file_is_refused_naming_row_and_column(kind: str, tmp_path: Path) -> None:
    rows, place, expected = BAD_CSV[kind]
    problems = refusal(write_rows(tmp_path / "slecht.csv", rows)).problems
    assert [(p.row, p.field) for p in problems] == [place]
    assert expected in problems[0].message
    assert problems[0].file == "slecht.csv"


def test_every_bad_row_is_listed_not_only_the_first(tmp_path: Path) -> None:
    rows = [["instelling", "2020"], ["A", "x"], ["B", "-1"], ["C", "y"]]
    problems = refusal(write_rows(tmp_path / "f.csv", rows)).problems
    assert sorted(p.row or 0 for p in problems) == [2, 3, 4]


def test_problem_list_is_capped(tmp_path: Path) -> None:
    rows = [["instelling", "2020"], *[[f"s{i}", "x"] for i in range(80)]]
    problems = refusal(write_rows(tmp_path / "f.csv", rows)).problems
    assert len(problems) == 51
    assert "meer" in problems[-1].message


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "het bestand is leeg"),
        (b"\n \n", "het bestand is leeg"),
        ("instelling;2020\nJosé;1\n".encode() + b"Li\xe8ge;2\n", "UTF-8"),
    ],
)
def test_empty_or_wrongly_encoded_files_are_refused_in_dutch(
    content: bytes, expected: str, tmp_path: Path
) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(content)
    [problem] = refusal(path).problems
    assert expected in problem.message
    assert "codec" not in problem.message


def test_broken_xlsx_and_unknown_sheet_are_refused(tmp_path: Path) -> None:
    broken = tmp_path / "kapot.xlsx"
    broken.write_bytes(b"not a zip file")
    assert "geen geldig .xlsx" in refusal(broken).problems[0].message
    workbook = Workbook()
    path = tmp_path / "goed.xlsx"
    workbook.save(path)
    options = ImportOptions(dataset="inschrijvingen", sheet="Dataloep")
    assert "tabblad 'Dataloep' bestaat niet" in refusal(path, options).problems[0].message


def xlsx(path: Path, rows: list[list[object]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def test_xlsx_numbers_keep_their_value(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "f.xlsx", [["opleiding", "2023"], ["a", 1.938], ["b", 5], ["c", 0.5]])
    values = [o.value for o in parse_import(path, OPTIONS).observations]
    assert values == [1.938, 5, 0.5]


def test_bad_xlsx_cell_names_row_and_column(tmp_path: Path) -> None:
    path = xlsx(
        tmp_path / "f.xlsx",
        [["opleiding", "2023"], ["sociaal werk", 5], ["orthopedagogie", "onbekend"]],
    )
    [problem] = refusal(path).problems
    assert str(problem) == "f.xlsx, rij 3, kolom '2023': geen getal: 'onbekend'"


def test_a_missing_file_and_a_folder_are_named(tmp_path: Path) -> None:
    assert str(refusal(tmp_path / "weg.csv").problems[0]) == "weg.csv: bestand niet gevonden"
    (tmp_path / "map.csv").mkdir()
    assert "is een map" in refusal(tmp_path / "map.csv").problems[0].message


def test_bad_options_are_refused_naming_the_field_not_a_flag(tmp_path: Path) -> None:
    path = write_rows(tmp_path / "f.csv", GOOD)
    [unit] = refusal(path, ImportOptions(dataset="inschrijvingen", unit="stuks")).problems
    assert (unit.field, "onbekende eenheid" in unit.message) == ("eenheid", True)
    [name] = refusal(path, ImportOptions(dataset="Mijn Data")).problems
    assert name.field == "dataset"
    [source] = refusal(path, ImportOptions(dataset="inschrijvingen", source="s" * 301)).problems
    assert str(source) == "bron: te lang: 301 tekens, hoogstens 300"


def test_a_name_too_long_for_the_database_is_named(tmp_path: Path) -> None:
    rows = [["Instelling", "2024"], ["Hogeschool " + "x" * 240, "12"]]
    [problem] = refusal(write_rows(tmp_path / "lang.csv", rows)).problems
    assert (problem.row, problem.field) == (2, "Instelling")
    assert "te lang" in problem.message


def test_month_columns_become_monthly_periods() -> None:
    assert [year_of(h) for h in ("2025-04", "2024-12", "2023-2024", "2011-12", "2025-13")] == [
        "2025-04",
        "2024-12",
        "2023",
        "2011",
        None,
    ]


def test_figures_sorted_by_the_store_key_keep_each_value_with_its_figure(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text(
        "instelling;opleiding;2021;2020\nZeta;b;1;2\nAlfa;b;3;4\nZeta;a;5;6\n", encoding="utf-8"
    )
    figures = parse_import(path, OPTIONS).figures
    ordered = figures.sorted_by(("measure", "programme", "institution", "period"))
    rows = [(o.programme, o.institution, o.period, o.value) for o in ordered.observations()]
    assert rows == sorted(rows)
    assert set(rows) == {
        (o.programme, o.institution, o.period, o.value) for o in figures.observations()
    }
    with pytest.raises(ValueError, match="kleur"):
        figures.sorted_by(("kleur",))
