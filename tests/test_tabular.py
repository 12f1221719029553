"""The one tabular reader and writer: every file import reads through `read_table`."""

from __future__ import annotations

import csv
import io
import math
import zipfile
from pathlib import Path

import numpy as np
import pytest

from krapte.errors import InvalidInput
from krapte.tabular import (
    MAX_CELL_CHARACTERS,
    MAX_COLUMNS,
    Table,
    read_table,
    write_columns,
    write_csv,
)


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def refused(path: Path, **kwargs: str) -> InvalidInput:
    with pytest.raises(InvalidInput) as caught:
        read_table(path, **kwargs)
    return caught.value


def cells(table: Table) -> list[list[str]]:
    return [table.texts(name) for name in table.header]


# --- delimiters and encodings ----------------------------------------------------------------


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_the_delimiter_is_detected_from_the_header_line(tmp_path: Path, delimiter: str) -> None:
    lines = [delimiter.join(["id", "naam"]), delimiter.join(["1", "Gent, centrum"])]
    if delimiter == ",":
        lines[1] = '1,"Gent, centrum"'
    table = read_table(write(tmp_path, "f.csv", "\n".join(lines) + "\n"))
    assert table.header == ["id", "naam"]
    assert cells(table) == [["1"], ["Gent, centrum"]]


def test_a_semicolon_file_with_a_byte_order_mark_reads_like_excel_saves_it(tmp_path: Path) -> None:
    path = write(tmp_path, "f.csv", "\ufeffstudent_id;school\r\nS1;HOGENT\r\n")
    table = read_table(path)
    assert table.header == ["student_id", "school"]
    assert table.texts("school") == ["HOGENT"]
    assert table.encoding == "utf-8"


def test_a_windows_1252_file_is_read_as_windows_1252(tmp_path: Path) -> None:
    path = write(tmp_path, "f.csv", "gemeente;naam\nLiège;Hélène – €\n".encode("cp1252"))
    table = read_table(path)
    assert table.texts("naam") == ["Hélène – €"]
    assert table.encoding == "windows-1252"


def test_a_utf8_file_with_one_bad_byte_is_refused_naming_its_row_in_dutch(tmp_path: Path) -> None:
    raw = "naam;plaats\nJosé;Gent\nAnn;Brugge\n".encode() + b"Luc;Li\xe8ge\n"
    error = refused(write(tmp_path, "f.csv", raw))
    [problem] = error.problems
    assert problem.row == 4
    assert "0xE8" in problem.message
    assert "UTF-8" in problem.message
    assert "codec" not in str(error)


def test_a_utf16_file_is_refused_in_dutch(tmp_path: Path) -> None:
    error = refused(write(tmp_path, "f.csv", "a;b\n1;2\n".encode("utf-16")))
    assert "UTF-16" in error.message


# --- what is not a readable table -------------------------------------------------------------


def test_a_missing_file_says_so(tmp_path: Path) -> None:
    assert refused(tmp_path / "weg.csv").message == "weg.csv: bestand niet gevonden"


def test_a_folder_says_it_is_a_folder(tmp_path: Path) -> None:
    (tmp_path / "map.csv").mkdir()
    assert "is een map" in refused(tmp_path / "map.csv").message


@pytest.mark.parametrize(("name", "expected"), [("oud.xls", "(.xls)"), ("data.json", "'.json'")])
def test_old_excel_and_unknown_types_are_refused_in_dutch(
    tmp_path: Path, name: str, expected: str
) -> None:
    assert expected in refused(write(tmp_path, name, "a,b\n")).message


@pytest.mark.parametrize("content", ["", "\n\n  \n"])
def test_an_empty_file_says_so(tmp_path: Path, content: str) -> None:
    assert "leeg" in refused(write(tmp_path, "f.csv", content)).message


def test_a_nul_byte_is_refused_naming_its_row(tmp_path: Path) -> None:
    [problem] = refused(write(tmp_path, "f.csv", b"a,b\n1,2\n3,x\x00y\n")).problems
    assert problem.row == 3
    assert "NUL" in problem.message


def test_a_cell_beyond_the_csv_modules_field_limit_names_row_and_column(tmp_path: Path) -> None:
    huge = "x" * 200_000
    path = write(tmp_path, "f.csv", f'id,notes\n1,"{huge}"\n2,kort,extra\n')
    problems = refused(path).problems
    assert [(p.row, p.field) for p in problems] == [(3, "")]
    path = write(tmp_path, "g.csv", f'id,notes\n1,"a\nb"\n2,"{huge}"\n')
    [problem] = refused(path).problems
    assert (problem.row, problem.field) == (3, "notes")
    assert f"hoogstens {MAX_CELL_CHARACTERS}" in problem.message


def test_too_many_columns_are_refused(tmp_path: Path) -> None:
    header = ",".join(f"k{i}" for i in range(MAX_COLUMNS + 1))
    assert "te veel kolommen" in refused(write(tmp_path, "f.csv", header + "\n")).message


def test_a_column_named_twice_is_refused(tmp_path: Path) -> None:
    [problem] = refused(write(tmp_path, "f.csv", "id;Naam;naam\n1;a;b\n")).problems
    assert (problem.row, problem.field) == (1, "naam")


def test_an_unclosed_quote_is_refused_in_dutch(tmp_path: Path) -> None:
    [problem] = refused(write(tmp_path, "f.csv", 'a,b\n1,2\n3,"open\n')).problems
    assert "aanhalingsteken" in problem.message


def test_extra_filled_cells_are_refused_and_short_rows_padded(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "f.csv", "a,b,c\n1,2\n4,5,6,,\n"))
    assert cells(table) == [["1", "4"], ["2", "5"], ["", "6"]]
    [problem] = refused(write(tmp_path, "g.csv", "a,b\n1,2,3\n")).problems
    assert problem.row == 2


# --- rows as a spreadsheet numbers them -------------------------------------------------------


def test_rows_are_numbered_as_a_spreadsheet_shows_them(tmp_path: Path) -> None:
    path = write(tmp_path, "f.csv", '\nid,notes\n1,"twee\nregels"\n\n2,x\n')
    table = read_table(path)
    assert table.header_row == 2
    numbers = {table.texts("id")[i]: table.row(i) for i in range(len(table))}
    assert numbers == {"1": 3, "": 4, "2": 5}
    assert table.blank().tolist() == [False, True, False]


def test_a_bad_byte_after_a_multi_line_cell_names_the_spreadsheet_row(tmp_path: Path) -> None:
    raw = 'id,notes\n1,"é\nnog"\n'.encode() + b"2,\xff\n"
    assert refused(write(tmp_path, "f.csv", raw)).problems[0].row == 3


# --- formula-like cells -------------------------------------------------------------------------


def test_formula_like_cells_are_plain_text(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "f.csv", "a;b\n=SUM(A1);-5\n@x;+32 470\n"))
    assert cells(table) == [["=SUM(A1)", "@x"], ["-5", "+32 470"]]


def test_krapte_outputs_read_back_unchanged(tmp_path: Path) -> None:
    rows = [["=1+1", "-3", "gewoon"], ["@cmd", "'quote", "+x"]]
    path = tmp_path / "uit.csv"
    write_csv(path, ["a", "b", "c"], rows)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert b"'=1+1" in raw
    table = read_table(path)
    assert [list(row) for row in zip(*cells(table), strict=True)] == rows


# --- Excel ------------------------------------------------------------------------------------


def workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def test_an_xlsx_sheet_is_read_with_numbers_as_dutch_text(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "f.xlsx",
        {"Eerste": [["x"], ["y"]], "Data": [["id", "aantal", "aandeel"], [7, 1938, 0.5]]},
    )
    table = read_table(path, sheet="Data")
    assert cells(table) == [["7"], ["1938"], ["0,5"]]
    assert table.numbers("aandeel").values.tolist() == [0.5]
    assert "tabblad 'Nergens' bestaat niet" in refused(path, sheet="Nergens").message


def test_an_xlsx_number_cell_holding_text_is_read_as_that_text(tmp_path: Path) -> None:
    path = workbook(tmp_path / "f.xlsx", {"Blad": [["id", "capaciteit"], ["O1", 5]]})
    broken = tmp_path / "g.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = data.replace(b"<v>5</v>", b"<v>vijf</v>")
            target.writestr(item, data)
    assert read_table(broken).texts("capaciteit") == ["vijf"]


def test_a_corrupt_workbook_is_refused_in_dutch(tmp_path: Path) -> None:
    assert "geen geldig .xlsx-bestand" in refused(write(tmp_path, "f.xlsx", "garbage")).message


# --- whole-column helpers ---------------------------------------------------------------------


def test_integers_codes_and_numbers_are_checked_per_column(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "f.csv",
        "id;n;getal\nA;3;1.938\nB;x;39,9\nC;-1;\nZ;99999999999999999999;veel\n",
    )
    table = read_table(path)
    integers = table.integers("n", 0, 10)
    assert integers.valid.tolist() == [True, False, False, False]
    assert integers.values.tolist() == [3, 0, 0, 0]
    assert table.codes("id", ["C", "A"]).tolist() == [1, -1, 0, -1]
    numbers = table.numbers("getal")
    assert numbers.values[:2].tolist() == [1938.0, 39.9]
    assert math.isnan(numbers.values[2])
    assert list(numbers.errors) == [3]
    assert "geen getal" in numbers.errors[3]
    assert table.duplicates("id").tolist() == [False, False, False, False]


def test_missing_columns_are_problems_on_the_header_row(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "f.csv", "Student_ID,rank\n"))
    assert len(table) == 0
    assert table.has("student_id")
    [problem] = table.missing(["student_id", "offer_id"])
    assert str(problem) == "f.csv, rij 1, kolom 'offer_id': verplichte kolom ontbreekt"


# --- the column-wise writer ---------------------------------------------------------------------


def test_the_column_writer_follows_the_writers_rules(tmp_path: Path) -> None:
    path = tmp_path / "uit.csv"
    write_columns(
        path,
        {
            "student_id": ["S1", "=S2", "S3"],
            "score": np.array([1.5, np.inf, np.nan]),
            "rank": np.array([1, 2, 3]),
        },
    )
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert b"inf" not in raw.lower()
    assert b"nan" not in raw.lower()
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows == [["student_id", "score", "rank"], ["S1", "1.5", "1"], ["'=S2", "", "2"],
                    ["S3", "", "3"]]  # fmt: skip
    assert read_table(path).texts("student_id") == ["S1", "=S2", "S3"]


def test_the_column_writer_quotes_cells_that_need_it(tmp_path: Path) -> None:
    path = tmp_path / "uit.csv"
    write_columns(path, {"naam": ["a, b", 'zeg "ja"', "twee\nregels"], "n": [1, None, 3]})
    table = read_table(path)
    assert table.texts("naam") == ["a, b", 'zeg "ja"', "twee\nregels"]
    assert table.texts("n") == ["1", "", "3"]


def test_writing_into_a_missing_folder_is_a_dutch_error(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="kan niet geschreven worden"):
        write_columns(tmp_path / "nergens" / "uit.csv", {"a": [1]})


def test_a_file_read_in_many_blocks_gives_the_same_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Big files come back from pyarrow in chunks; every helper works across them."""
    import krapte.tabular.read as reader

    lines = ["id;n;naam", *(f'S{i % 7};{i};"naam\n{i}"' for i in range(300)), ""]
    path = write(tmp_path, "f.csv", "\n".join(lines))
    whole = read_table(path)
    monkeypatch.setattr(reader, "_BLOCK_BYTES", 256)
    chunked = read_table(path)
    assert chunked.columns[0].num_chunks > 1
    assert cells(chunked) == cells(whole)
    assert chunked.integers("n", 0, 1000).values.tolist() == list(range(300))
    assert chunked.codes("id", ["S3", "S0"]).tolist() == whole.codes("id", ["S3", "S0"]).tolist()
    assert chunked.duplicates("id").sum() == 300 - 7
    assert chunked.distinct("id")[1] == whole.distinct("id")[1]
    assert chunked.row(299) == 301


def test_long_columns_are_looked_up_in_parts_and_by_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import krapte.tabular.table as table_module

    grouped = [f"S{i // 4}" for i in range(40)]
    scattered = [f"S{(i * 7) % 10}" for i in range(40)]
    lines = [
        "a;b;n",
        *(f"{g};{s};{i}" for i, (g, s) in enumerate(zip(grouped, scattered, strict=True))),
    ]
    path = write(tmp_path, "f.csv", "\n".join(lines) + "\n")
    keys = [f"S{i}" for i in range(5)]
    expected = {name: read_table(path).codes(name, keys).tolist() for name in ("a", "b")}
    monkeypatch.setattr(table_module, "PARALLEL_ROWS", 8)
    table = read_table(path)
    assert table.codes("a", keys).tolist() == expected["a"]
    assert table.codes("b", keys).tolist() == expected["b"]
    assert expected["a"][:8] == [0, 0, 0, 0, 1, 1, 1, 1]
    assert table.integers("n", 0, 100).values.tolist() == list(range(40))
