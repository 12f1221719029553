"""Reading CSV/XLSX tables and writing CSV/JSON files, all-or-nothing.

Tables are read as text: a header row, then data rows numbered as in a spreadsheet (the header is
row 1). Problems are collected as :class:`InputIssue` (file, row, column, Dutch reason) and raised
together as :class:`InputError`. Output folders are written in a temporary sibling folder that is
renamed into place at the end, so a failed run leaves nothing behind.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path

from krapte.tabular import Cell, WorkbookError, read_xlsx


@dataclass(frozen=True)
class InputIssue:
    file: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}, rij {self.row}" if self.row else self.file
        if self.column:
            where += f", kolom '{self.column}'"
        return f"{where}: {self.message}"


class InputError(Exception):
    """All problems found in the input files."""

    def __init__(self, issues: Sequence[InputIssue]) -> None:
        super().__init__(f"{len(issues)} fout(en) in de invoer")
        self.issues = list(issues)


class Table:
    """A table held column by column; ``rows`` gives row ``i`` as row ``i + 2`` of the file."""

    def __init__(self, name: str, header: list[str], columns: list[list[str]]) -> None:
        self.name = name
        self.header = header
        self.columns = columns
        self._rows: list[list[str]] | None = None

    @property
    def rows(self) -> list[list[str]]:
        if self._rows is None:
            self._rows = [list(row) for row in zip(*self.columns, strict=True)]
        return self._rows

    def __len__(self) -> int:
        return len(self.columns[0]) if self.columns else 0

    def column(self, name: str) -> int:
        return self.header.index(name)

    def cells(self, name: str) -> list[str]:
        return self.columns[self.header.index(name)]

    def missing(self, required: Iterable[str]) -> list[InputIssue]:
        return [
            InputIssue(self.name, 1, column, "verplichte kolom ontbreekt")
            for column in required
            if column not in self.header
        ]


def _cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_xlsx(path: Path) -> list[list[str]]:
    return [[_cell(value) for value in row] for row in read_xlsx(path.read_bytes())]


def _simple_columns(text: str, width: int) -> list[list[str]] | None:
    """Columns of a CSV body without quotes and with ``width`` fields on every line."""
    lines = text.split("\n")
    while lines and not lines[-1]:
        lines.pop()
    if lines and set(map(str.count, lines, repeat(","))) != {width - 1}:
        return None
    flat = ",".join(lines).split(",") if lines else []
    return [flat[index::width] for index in range(width)]


def _columns(rows: list[list[str]], width: int) -> list[list[str]]:
    padded = [
        (row + [""] * (width - len(row)))[:width] if len(row) != width else row for row in rows
    ]
    return [list(column) for column in zip(*padded, strict=True)] if padded else [[]] * width


def read_table(path: Path) -> Table:
    """Read a CSV (UTF-8, comma separated) or XLSX file (first sheet)."""
    name = path.name
    if not path.is_file():
        raise InputError([InputIssue(name, 0, "", f"bestand niet gevonden: {path}")])
    try:
        if path.suffix.lower() in {".xlsx", ".xlsm"}:
            raw = _read_xlsx(path)
            body = None
        else:
            text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
            head, _, rest = text.partition("\n")
            simple = '"' not in text and "\r" not in text
            raw = [head.split(",")] if simple else list(csv.reader(io.StringIO(text)))
            body = _simple_columns(rest, len(raw[0])) if simple and head else None
            if simple and body is None:
                raw = list(csv.reader(io.StringIO(text)))
    except WorkbookError as exc:
        raise InputError([InputIssue(name, 0, "", str(exc))]) from exc
    except (OSError, UnicodeDecodeError, csv.Error, ValueError, KeyError) as exc:
        raise InputError([InputIssue(name, 0, "", f"bestand onleesbaar: {exc}")]) from exc
    if not raw or not any(cell.strip() for cell in raw[0]):
        raise InputError([InputIssue(name, 1, "", "bestand is leeg (kopregel ontbreekt)")])
    header = [cell.strip().lower() for cell in raw[0]]
    columns = body if body is not None else _columns(raw[1:], len(header))
    return Table(name=name, header=header, columns=columns)


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def write_json(path: Path, content: object) -> None:
    path.write_text(json.dumps(content, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


class OutputExistsError(Exception):
    """The output folder exists and is not empty."""


def check_output_folder(out: Path) -> None:
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise OutputExistsError(f"uitvoermap bestaat al en is niet leeg: {out}")


@contextmanager
def output_folder(out: Path) -> Iterator[Path]:
    """A temporary folder next to ``out`` that becomes ``out`` when the block succeeds."""
    check_output_folder(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        yield staging
        if out.exists():
            out.rmdir()
        os.replace(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
