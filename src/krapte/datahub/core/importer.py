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

from krapte.datahub.core.figures import Figures
from krapte.datahub.core.records import FLANDERS, LEVELS, MAX_LENGTHS, UNITS, Observation
from krapte.errors import InvalidInput, Problem
from krapte.tabular import Table, read_table

Progress = Callable[[int, int], None]
"""Called as ``progress(done, total)`` during long work (figures stored, series checked)."""

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

    figures: Figures
    data_rows: int
    """Rows read below the header (rows without any value included)."""
    checksum: str
    """SHA-256 of the file's bytes: the version's checksum."""
    label: str

    @property
    def observations(self) -> tuple[Observation, ...]:
        """The figures as records, one object each (for small files and tests)."""
        return tuple(self.figures.observations())


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


def parse_import(path: Path, options: ImportOptions) -> ParsedImport:
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
    figures = _figures(path, options, header, table, data, problems)
    if problems:
        if len(problems) > MAX_PROBLEMS:
            extra = len(problems) - MAX_PROBLEMS
            problems = [*problems[:MAX_PROBLEMS], Problem(f"… en {extra} meer", file=table.file)]
        raise refused(path, problems)
    if not len(figures):
        raise refused(path, [Problem("het bestand bevat geen enkele waarde", file=table.file)])
    return ParsedImport(
        figures=figures,
        data_rows=len(data),
        checksum=table.sha256,
        label=options.label or f"Import {path.name}",
    )


def _figures(
    path: Path,
    options: ImportOptions,
    header: _Header,
    table: Table,
    data: np.ndarray,
    problems: list[Problem],
) -> Figures:
    """The file's figures column by column; problems are added to ``problems``.

    Each distinct cell of an identifying column is interpreted once (totals, case, levels,
    lengths) and rows become codes, so that a file of 500,000 figures costs NumPy work rather
    than a Python object per figure. Only rows with a problem are looked at one by one, in file
    order, so that the problems are listed as a reader goes through the file.
    """
    base = {
        "measure": options.measure or options.dataset,
        "unit": options.unit,
        "source": options.source or path.name,
        "section": options.section,
        "table": options.table or path.name,
    }
    for name, text in {"dataset": options.dataset, **base}.items():
        if len(text) > MAX_LENGTHS[name]:
            problems.append(Problem(_too_long(text, name), field=OPTION_FIELDS[name]))
    values = np.full((len(data), len(header.years)), np.nan)
    for position, (index, _) in enumerate(header.years.items()):
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
        values[:, position] = numbers.values[data]
    defaults = _default_dimensions(options)
    dimensions = {name: np.zeros(len(data), dtype=np.int64) for name in defaults}
    texts = {name: [value] for name, value in defaults.items()}
    faulty = np.zeros(len(data), dtype=np.bool_)
    for index, dimension in header.identifying.items():
        codes, cells = table.distinct(header.names[index])
        final = [_interpret(cell, dimension) or defaults[dimension] for cell in cells]
        bad = np.array([bool(_cell_problems(cell, dimension)) for cell in cells], dtype=np.bool_)
        known = texts[dimension]
        positions = {text: i for i, text in enumerate(known)}
        mapped = np.array([positions.setdefault(text, len(positions)) for text in final])
        known[:] = list(positions)
        dimensions[dimension] = mapped[codes[data]]
        faulty |= bad[codes[data]]
    keys = np.stack(list(dimensions.values()), axis=1)
    _, first, inverse = np.unique(keys, axis=0, return_index=True, return_inverse=True)
    duplicate = first[inverse.reshape(-1)] != np.arange(len(data))
    for position in np.flatnonzero(faulty | duplicate).tolist():
        if len(problems) > MAX_PROBLEMS:
            break
        _row_problems(header, table, int(data[position]), problems)
        if duplicate[position]:
            original = int(data[first[inverse.reshape(-1)[position]]])
            problems.append(_duplicate(header, table, int(data[position]), original))
    keep = ~duplicate
    rows, periods = np.nonzero(~np.isnan(values) & keep[:, None])
    return Figures(
        dataset=options.dataset,
        base=base,
        periods=tuple(header.years.values()),
        texts={name: tuple(known) for name, known in texts.items()},
        dimensions={name: codes[rows] for name, codes in dimensions.items()},
        period=periods,
        values=values[rows, periods],
    )


def _default_dimensions(options: ImportOptions) -> dict[str, str]:
    return {
        "geography": FLANDERS,
        "institution": "",
        "programme": "",
        "level": options.level.lower(),
        "category": "",
    }


def _interpret(cell: str, dimension: str) -> str:
    """A cell of an identifying column as the dimension's value: totals become ""."""
    if cell.lower() in TOTAL_LABELS:
        return ""
    return cell.lower() if dimension in ("programme", "level") else cell


def _cell_problems(cell: str, dimension: str) -> list[str]:
    text = _interpret(cell, dimension)
    problems = []
    if dimension == "level" and text not in LEVELS:
        problems.append(f"onbekend niveau '{text}'; kies uit {', '.join(sorted(LEVELS - {''}))}")
    if len(text) > MAX_LENGTHS[dimension]:
        problems.append(_too_long(text, dimension))
    return problems


def _row_problems(header: _Header, table: Table, row: int, problems: list[Problem]) -> None:
    for index, dimension in header.identifying.items():
        column = header.names[index]
        for message in _cell_problems(str(table.column(column)[row].as_py()), dimension):
            problems.append(table.problem(row, column, message))


def _duplicate(header: _Header, table: Table, row: int, original: int) -> Problem:
    key_columns = ", ".join(header.names[i] for i in header.identifying) or "(geen)"
    shown = ", ".join(
        f"{header.names[i]}={table.column(header.names[i])[row].as_py()!r}"
        for i in header.identifying
    )
    return table.problem(
        row,
        key_columns,
        f"dubbele sleutel: dezelfde waarden als rij {table.row(original)} "
        f"({shown or 'geen identificerende kolommen'})",
    )


def _too_long(text: str, field: str) -> str:
    return f"te lang: {len(text)} tekens, hoogstens {MAX_LENGTHS[field]}"
