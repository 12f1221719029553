"""Reading wide CSV/XLSX exports (one row per institution/programme, one column per year).

Pure except for reading the file, which goes through the one tabular reader
(:func:`krapte.tabular.read_table`: delimiters, encodings, limits and row numbers as everywhere
else). It returns observations or raises :class:`krapte.errors.InvalidInput` ("<file> is
geweigerd; er is niets geïmporteerd") listing every problem it found, each with file, row and
column; it never touches the database.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from krapte.datahub.core.records import FLANDERS, LEVELS, MAX_LENGTHS, UNITS, Observation
from krapte.errors import InvalidInput, Problem
from krapte.tabular import Table, read_table

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
#: The Dutch names of the options, as problems about them name them.
OPTION_FIELDS = {
    "dataset": "dataset",
    "measure": "maatstaf",
    "unit": "eenheid",
    "source": "bron",
    "section": "sectie",
    "table": "tabel",
}
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
class ParsedImport:
    """A file read and checked completely: its figures, ready to become a version."""

    observations: tuple[Observation, ...]
    data_rows: int
    """Rows read below the header (rows without any value included)."""
    checksum: str
    """SHA-256 of the file's bytes: the version's checksum."""
    label: str


def refused(path: Path, problems: list[Problem]) -> InvalidInput:
    """The file is refused as a whole, with every problem found."""
    return InvalidInput(problems, f"{path.name} is geweigerd; er is niets geïmporteerd")


# --- interpreting the header and the rows --------------------------------------------------


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


def _read_header(table: Table, problems: list[Problem]) -> _Header:
    names = list(table.header)
    row = table.header_row

    def problem(name: str | None, message: str) -> Problem:
        return Problem(message, file=table.file, row=row, field=name or "")

    identifying: dict[int, str] = {}
    years: dict[int, str] = {}
    for index, name in enumerate(names):
        if not name:
            continue
        period = year_of(name)
        dimension = IDENTIFYING_COLUMNS.get(name.lower())
        if period is not None:
            if period in years.values():
                problems.append(problem(name, f"het jaar {period} staat twee keer"))
            years[index] = period
        elif dimension is not None:
            if dimension in identifying.values():
                problems.append(problem(name, "deze kolom staat twee keer"))
            identifying[index] = dimension
        else:
            problems.append(
                problem(
                    name,
                    "onbekende kolom; verwacht: instelling, opleiding, niveau, provincie, "
                    "categorie (of institution, programme, level, geography, category) "
                    "en één kolom per jaar (2020 of 2020-2021)",
                )
            )
    if not years:
        problems.append(
            problem(None, "geen jaar- of maandkolommen gevonden (bv. 2020, 2020-2021 of 2025-04)")
        )
    return _Header(identifying, years, names)


def _check_options(options: ImportOptions) -> list[Problem]:
    problems = []
    if not _DATASET_NAME.match(options.dataset):
        problems.append(
            Problem(
                f"ongeldige datasetnaam '{options.dataset}' (kleine letters, cijfers en _)",
                field="dataset",
            )
        )
    if options.unit not in UNITS:
        problems.append(
            Problem(
                f"onbekende eenheid '{options.unit}'; kies uit {', '.join(sorted(UNITS))}",
                field="eenheid",
            )
        )
    if options.level.lower() not in LEVELS:
        problems.append(
            Problem(
                f"onbekend niveau '{options.level}'; kies uit {', '.join(sorted(LEVELS - {''}))}",
                field="niveau",
            )
        )
    return problems


def parse_import(
    path: Path, options: ImportOptions, progress: Progress | None = None
) -> ParsedImport:
    """Read ``path`` into observations; raises :class:`InvalidInput` on any bad input."""
    problems = _check_options(options)
    if problems:
        raise refused(path, problems)
    try:
        table = read_table(path, sheet=options.sheet)
    except InvalidInput as exc:
        raise refused(path, exc.problems) from exc
    data = np.flatnonzero(~table.blank())
    if len(data) == 0:
        raise refused(
            path,
            [
                Problem(
                    "het bestand bevat alleen een kopregel en geen gegevens",
                    file=table.file,
                    row=table.header_row,
                )
            ],
        )
    header = _read_header(table, problems)
    if problems:
        raise refused(path, problems)
    observations = _observations(path, options, header, table, data, problems, progress)
    if problems:
        if len(problems) > MAX_PROBLEMS:
            extra = len(problems) - MAX_PROBLEMS
            problems = [*problems[:MAX_PROBLEMS], Problem(f"… en {extra} meer", file=table.file)]
        raise refused(path, problems)
    if not observations:
        raise refused(path, [Problem("het bestand bevat geen enkele waarde", file=table.file)])
    return ParsedImport(
        observations=tuple(observations),
        data_rows=len(data),
        checksum=table.sha256,
        label=options.label or f"Import {path.name}",
    )


def _observations(
    path: Path,
    options: ImportOptions,
    header: _Header,
    table: Table,
    data: np.ndarray,
    problems: list[Problem],
    progress: Progress | None,
) -> list[Observation]:
    key_columns = ", ".join(header.names[i] for i in header.identifying) or "(geen)"
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
            problems.append(Problem(_too_long(text, name), field=OPTION_FIELDS[name]))
    texts = {index: table.texts(header.names[index]) for index in header.identifying}
    values = {}
    for index in header.years:
        column = header.names[index]
        numbers = table.numbers(column)
        for row, reason in numbers.errors.items():
            problems.append(table.problem(row, column, reason))
        if options.unit == "count":
            cells = table.column(column)
            for row in np.flatnonzero(numbers.values < 0).tolist():
                message = f"negatief aantal ({cells[row].as_py()})"
                problems.append(table.problem(row, column, message))
            numbers.values[numbers.values < 0] = np.nan
        values[index] = numbers.values
    seen: dict[tuple[str, ...], int] = {}
    observations: list[Observation] = []
    for done, row in enumerate(data.tolist(), start=1):
        if progress is not None and (done % PROGRESS_EVERY == 0 or done == len(data)):
            progress(done, len(data))
        if len(problems) > MAX_PROBLEMS:
            continue  # keep counting rows for the progress bar, stop collecting
        number = table.row(row)
        dims = _dimensions(options, header, texts, row, number, table.file, problems)
        key = tuple(dims.values())
        if key in seen:
            shown = ", ".join(f"{header.names[i]}={texts[i][row]!r}" for i in header.identifying)
            problems.append(
                table.problem(
                    row,
                    key_columns,
                    f"dubbele sleutel: dezelfde waarden als rij {seen[key]} "
                    f"({shown or 'geen identificerende kolommen'})",
                )
            )
            continue
        seen[key] = number
        for index, period in header.years.items():
            value = float(values[index][row])
            if value == value:
                observations.append(Observation(period=period, value=value, **base, **dims))
    return observations


def _dimensions(
    options: ImportOptions,
    header: _Header,
    texts: dict[int, list[str]],
    row: int,
    number: int,
    file: str,
    problems: list[Problem],
) -> dict[str, str]:
    dims = {
        "geography": FLANDERS,
        "institution": "",
        "programme": "",
        "level": options.level.lower(),
        "category": "",
    }
    for index, dimension in header.identifying.items():
        text = texts[index][row]
        column = header.names[index]
        if text.lower() in TOTAL_LABELS:
            text = ""
        if dimension in ("programme", "level"):
            text = text.lower()
        if dimension == "level" and text not in LEVELS:
            problems.append(
                Problem(
                    f"onbekend niveau '{text}'; kies uit {', '.join(sorted(LEVELS - {''}))}",
                    file=file,
                    row=number,
                    field=column,
                )
            )
        if len(text) > MAX_LENGTHS[dimension]:
            problems.append(
                Problem(_too_long(text, dimension), file=file, row=number, field=column)
            )
        dims[dimension] = text or dims[dimension]
    return dims


def _too_long(text: str, field: str) -> str:
    return f"te lang: {len(text)} tekens, hoogstens {MAX_LENGTHS[field]}"
