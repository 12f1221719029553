"""Reading wide CSV/XLSX exports (one row per institution/programme, one column per year).

Pure except for reading the file: it returns observations or raises :class:`ImportFileError`
listing every problem (file, row, column) it found; it never touches the database.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from krapte.numbers import NumberFormatError, parse_dutch_number
from krapte.datahub.core.records import FLANDERS, LEVELS, MAX_LENGTHS, UNITS, Observation
from krapte.errors import os_error
from krapte.tabular import Cell, WorkbookError, read_xlsx

Progress = Callable[[int, int], None]

#: Header names (lower case) of identifying columns, Dutch and English, and their dimension.
IDENTIFYING_COLUMNS: dict[str, str] = {
    "instelling": "institution",
    "institution": "institution",
    "hogeschool": "institution",
    "opleiding": "programme",
    "programme": "programme",
    "program": "programme",
    "niveau": "level",
    "level": "level",
    "provincie": "geography",
    "province": "geography",
    "regio": "geography",
    "region": "geography",
    "geografie": "geography",
    "geography": "geography",
    "categorie": "category",
    "category": "category",
}
#: Labels an export prints on its total rows; they become "" (the total) in the tidy data.
TOTAL_LABELS = frozenset({"totaal", "eindtotaal", "algemeen totaal", "total", "grand total"})
MAX_PROBLEMS = 50
PROGRESS_EVERY = 500
_YEAR = re.compile(r"^(\d{4})$")
_ACADEMIC_YEAR = re.compile(r"^(\d{4})\s*[-–/]\s*(\d{2}|\d{4})$")
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_DATASET_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class ImportOptions:
    """What the command line says about the file; ``None`` means "use the file name"."""

    dataset: str
    measure: str | None = None
    level: str = ""
    unit: str = "count"
    source: str | None = None
    section: str = ""
    table: str | None = None
    label: str | None = None
    sheet: str | None = None


@dataclass(frozen=True)
class ImportProblem:
    row: int | None
    column: str | None
    message: str

    def describe(self, file: str) -> str:
        where = [file]
        if self.row is not None:
            where.append(f"rij {self.row}")
        if self.column:
            where.append(f"kolom '{self.column}'")
        return f"{', '.join(where)}: {self.message}"


class ImportFileError(ValueError):
    """The file was rejected; nothing was imported. ``problems`` holds every problem found."""

    def __init__(self, path: Path, problems: Sequence[ImportProblem]) -> None:
        self.path = path
        self.problems = list(problems)
        lines = [problem.describe(path.name) for problem in self.problems]
        super().__init__("\n".join(lines))


@dataclass(frozen=True)
class ParsedImport:
    observations: tuple[Observation, ...]
    data_rows: int
    checksum: str
    label: str


def _single(path: Path, message: str, row: int | None = None) -> ImportFileError:
    return ImportFileError(path, [ImportProblem(row, None, message)])


# --- reading the cells ---------------------------------------------------------------------


def read_cells(path: Path, raw: bytes, sheet: str | None = None) -> list[list[Cell]]:
    """All rows of the file (header included) as cells; raises for unreadable files."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path, raw, sheet)
    if suffix == ".xls":
        raise _single(
            path,
            "het oude Excel-formaat (.xls) wordt niet ondersteund; "
            "sla het bestand op als .xlsx of als CSV (UTF-8)",
        )
    if suffix not in (".csv", ".txt", ".tsv"):
        raise _single(path, f"onbekend bestandstype '{suffix}': gebruik .csv of .xlsx")
    return _read_csv(path, raw)


def _read_csv(path: Path, raw: bytes) -> list[list[Cell]]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = raw[: exc.start].count(b"\n") + 1
        raise _single(
            path,
            "het bestand is niet in UTF-8 gecodeerd (bv. Windows-1252); "
            "sla het op als 'CSV UTF-8' en importeer opnieuw",
            row,
        ) from exc
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((";", ",", "\t"), key=first_line.count)
    return [list(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]


def _read_xlsx(path: Path, raw: bytes, sheet: str | None) -> list[list[Cell]]:
    try:
        return read_xlsx(raw, sheet)
    except WorkbookError as exc:
        raise _single(path, str(exc)) from exc


# --- interpreting the header and the rows --------------------------------------------------


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip().lstrip("\ufeff").strip()


def year_of(header: str) -> str | None:
    """The period a column holds, or None for an identifying column.

    ``2020`` -> ``2020``; an academic year ``2020-2021`` or ``2020-21`` -> ``2020``; a month
    ``2025-04`` (VDAB's monthly series) -> ``2025-04``. The academic reading wins where both fit
    (``2011-12``), which only happens for years before 2013.
    """
    if match := _YEAR.match(header):
        return match.group(1)
    if match := _ACADEMIC_YEAR.match(header):
        start, end = int(match.group(1)), match.group(2)
        if int(end) in (start + 1, (start + 1) % 100):
            return match.group(1)
    if _MONTH.match(header):
        return header
    return None


@dataclass(frozen=True)
class _Header:
    identifying: dict[int, str]  # column index -> dimension
    years: dict[int, str]  # column index -> period
    names: list[str]


def _read_header(cells: list[Cell], row: int, problems: list[ImportProblem]) -> _Header:
    names = [_text(cell) for cell in cells]
    identifying: dict[int, str] = {}
    years: dict[int, str] = {}
    for index, name in enumerate(names):
        if not name:
            continue
        period = year_of(name)
        dimension = IDENTIFYING_COLUMNS.get(name.lower())
        if period is not None:
            if period in years.values():
                problems.append(ImportProblem(row, name, f"het jaar {period} staat twee keer"))
            years[index] = period
        elif dimension is not None:
            if dimension in identifying.values():
                problems.append(ImportProblem(row, name, "deze kolom staat twee keer"))
            identifying[index] = dimension
        else:
            problems.append(
                ImportProblem(
                    row,
                    name,
                    "onbekende kolom; verwacht: instelling, opleiding, niveau, provincie, "
                    "categorie (of institution, programme, level, geography, category) "
                    "en één kolom per jaar (2020 of 2020-2021)",
                )
            )
    if not years:
        problems.append(
            ImportProblem(
                row, None, "geen jaar- of maandkolommen gevonden (bv. 2020, 2020-2021 of 2025-04)"
            )
        )
    return _Header(identifying, years, names)


def _check_options(path: Path, options: ImportOptions) -> None:
    problems = []
    if not _DATASET_NAME.match(options.dataset):
        problems.append(
            ImportProblem(
                None,
                None,
                f"ongeldige datasetnaam '{options.dataset}' (kleine letters, cijfers en _)",
            )
        )
    if options.unit not in UNITS:
        problems.append(
            ImportProblem(
                None,
                None,
                f"onbekende eenheid '{options.unit}'; kies uit {', '.join(sorted(UNITS))}",
            )
        )
    if options.level.lower() not in LEVELS:
        problems.append(
            ImportProblem(
                None,
                None,
                f"onbekend niveau '{options.level}'; kies uit {', '.join(sorted(LEVELS - {''}))}",
            )
        )
    if problems:
        raise ImportFileError(path, problems)


def parse_import(
    path: Path, options: ImportOptions, progress: Progress | None = None
) -> ParsedImport:
    """Read ``path`` into observations; raises :class:`ImportFileError` on any bad input."""
    _check_options(path, options)
    if not path.is_file():
        raise _single(path, "bestand niet gevonden")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise _single(path, f"bestand kan niet gelezen worden ({os_error(exc)})") from exc
    if not raw.strip():
        raise _single(path, "het bestand is leeg")
    rows = list(enumerate(read_cells(path, raw, options.sheet), start=1))
    rows = [(number, cells) for number, cells in rows if any(_text(c) for c in cells)]
    if not rows:
        raise _single(path, "het bestand is leeg")
    header_row, header_cells = rows[0]
    data = rows[1:]
    if not data:
        raise _single(path, "het bestand bevat alleen een kopregel en geen gegevens", header_row)
    problems: list[ImportProblem] = []
    header = _read_header(header_cells, header_row, problems)
    if problems:
        raise ImportFileError(path, problems)
    observations = _observations(path, options, header, data, problems, progress)
    if problems:
        if len(problems) > MAX_PROBLEMS:
            extra = len(problems) - MAX_PROBLEMS
            problems = [*problems[:MAX_PROBLEMS], ImportProblem(None, None, f"… en {extra} meer")]
        raise ImportFileError(path, problems)
    if not observations:
        raise _single(path, "het bestand bevat geen enkele waarde")
    return ParsedImport(
        observations=tuple(observations),
        data_rows=len(data),
        checksum=hashlib.sha256(raw).hexdigest(),
        label=options.label or f"Import {path.name}",
    )


def _observations(
    path: Path,
    options: ImportOptions,
    header: _Header,
    data: list[tuple[int, list[Cell]]],
    problems: list[ImportProblem],
    progress: Progress | None,
) -> list[Observation]:
    key_columns = ", ".join(header.names[i] for i in header.identifying) or "(geen)"
    seen: dict[tuple[str, ...], int] = {}
    observations: list[Observation] = []
    base = {
        "dataset": options.dataset,
        "measure": options.measure or options.dataset,
        "unit": options.unit,
        "source": options.source or path.name,
        "section": options.section,
        "table": options.table or path.name,
    }
    for name, text in base.items():
        if len(text) > MAX_LENGTHS[name]:
            problems.append(ImportProblem(None, None, _too_long(f"--{name}", text, name)))
    for done, (row, cells) in enumerate(data, start=1):
        if progress is not None and (done % PROGRESS_EVERY == 0 or done == len(data)):
            progress(done, len(data))
        if len(problems) > MAX_PROBLEMS:
            continue  # keep counting rows for the progress bar, stop collecting
        extra = [c for c in cells[len(header.names) :] if _text(c)]
        if extra:
            problems.append(ImportProblem(row, None, "meer waarden dan kolommen in de kopregel"))
            continue
        dims = _dimensions(options, header, cells, row, problems)
        key = tuple(dims.values())
        if key in seen:
            problems.append(
                ImportProblem(
                    row,
                    key_columns,
                    f"dubbele sleutel: dezelfde waarden als rij {seen[key]} "
                    f"({_key_text(header, cells)})",
                )
            )
            continue
        seen[key] = row
        for index, period in header.years.items():
            cell = cells[index] if index < len(cells) else None
            value = _value(cell, options.unit, row, header.names[index], problems)
            if value is not None:
                observations.append(Observation(period=period, value=value, **base, **dims))
    return observations


def _key_text(header: _Header, cells: list[Cell]) -> str:
    shown = [
        f"{header.names[i]}={_text(cells[i]) if i < len(cells) else ''!r}"
        for i in header.identifying
    ]
    return ", ".join(shown) or "geen identificerende kolommen"


def _dimensions(
    options: ImportOptions,
    header: _Header,
    cells: list[Cell],
    row: int,
    problems: list[ImportProblem],
) -> dict[str, str]:
    dims = {
        "geography": FLANDERS,
        "institution": "",
        "programme": "",
        "level": options.level.lower(),
        "category": "",
    }
    for index, dimension in header.identifying.items():
        text = _text(cells[index]) if index < len(cells) else ""
        if text.lower() in TOTAL_LABELS:
            text = ""
        if dimension in ("programme", "level"):
            text = text.lower()
        if dimension == "level" and text not in LEVELS:
            problems.append(
                ImportProblem(
                    row,
                    header.names[index],
                    f"onbekend niveau '{text}'; kies uit {', '.join(sorted(LEVELS - {''}))}",
                )
            )
        if len(text) > MAX_LENGTHS[dimension]:
            problems.append(ImportProblem(row, header.names[index], _too_long("", text, dimension)))
        dims[dimension] = text or dims[dimension]
    return dims


def _too_long(what: str, text: str, field: str) -> str:
    prefix = f"{what}: " if what else ""
    return f"{prefix}te lang: {len(text)} tekens, hoogstens {MAX_LENGTHS[field]}"


def _value(
    cell: Cell, unit: str, row: int, column: str, problems: list[ImportProblem]
) -> float | None:
    try:
        value = parse_dutch_number(cell)
    except NumberFormatError as exc:
        problems.append(ImportProblem(row, column, str(exc)))
        return None
    if value is not None and unit == "count" and value < 0:
        problems.append(ImportProblem(row, column, f"negatief aantal ({_text(cell)})"))
        return None
    return value
