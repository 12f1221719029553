"""Reading a CSV or Excel file into a :class:`~krapte.tabular.table.Table`: the one reader.

CSV: the delimiter (``;``, ``,`` or tab) is the one the header line uses most; UTF-8 with or
without a byte-order mark; a file that is not UTF-8 and holds no UTF-8 multi-byte sequence at all
is read as Windows-1252 (what Excel's plain "CSV" saves on a Flemish Windows), any other bad byte
is refused naming its row. pyarrow's CSV reader parses regular files column-wise; a file with rows
of uneven length (or that pyarrow refuses) is parsed by Python's csv module instead, with the same
rules and messages. Excel: .xlsx and .xlsm, the first sheet or the one asked for.

The same limits hold for every file (size, columns, cell length), NUL bytes are refused naming
the row, and every problem is a :class:`krapte.errors.Problem` raised together as
:class:`krapte.errors.InvalidInput`. Rows are numbered as a spreadsheet shows them: the first
row is 1, blank lines count, a quoted cell over several lines is one row. Cells are text, with
their surrounding spaces removed; cells that start with ``=``, ``+``, ``-`` or ``@`` stay text
as they are, and the ``'`` that krapte's writer puts before them is taken off again.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from krapte.errors import InvalidInput, Problem, os_error
from krapte.tabular.table import Table
from krapte.tabular.xlsx import WorkbookError, cell_text, read_xlsx

if TYPE_CHECKING:
    import pyarrow as pa

MAX_FILE_BYTES = 1 << 30
"""The largest file read (1 GiB: about 40 million preference rows)."""
MAX_COLUMNS = 1_000
MAX_CELL_CHARACTERS = 10_000
MAX_PROBLEMS = 200
"""Problems of one file listed before the rest is counted."""
CSV_SUFFIXES = (".csv", ".txt", ".tsv")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
DELIMITERS = (";", ",", "\t")
UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_BLOCK_BYTES = 1 << 24
_BLANK = re.compile(rb"\s*")


class _IrregularError(Exception):
    """pyarrow cannot read the file as a regular table; Python's csv module will."""


def refuse(file: str, message: str, row: int | None = None, field: str = "") -> InvalidInput:
    return InvalidInput.single(message, file=file, row=row, field=field)


def read_table(path: Path, *, sheet: str | None = None) -> Table:
    """Read the CSV or Excel file ``path``; raise :class:`InvalidInput` (Dutch) when it can't."""
    name = path.name
    suffix = path.suffix.lower()
    if path.is_dir():
        raise refuse(name, "dit is een map, geen bestand")
    if not path.exists():
        raise refuse(name, "bestand niet gevonden")
    if suffix == ".xls":
        raise refuse(
            name,
            "het oude Excel-formaat (.xls) wordt niet ondersteund; "
            "sla het bestand op als .xlsx of als CSV (UTF-8)",
        )
    if suffix not in CSV_SUFFIXES + XLSX_SUFFIXES:
        shown = f"'{suffix}'" if suffix else "zonder extensie"
        raise refuse(name, f"onbekend bestandstype {shown}: gebruik .csv of .xlsx")
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise refuse(
                name,
                f"het bestand is te groot: {size // 2**20} MiB, hoogstens {MAX_FILE_BYTES // 2**20}"
                " MiB",
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise refuse(name, f"bestand kan niet gelezen worden ({os_error(exc)})") from exc
    if _BLANK.fullmatch(raw[:4096]) and not raw.strip():
        raise refuse(name, "het bestand is leeg")
    # The checksum is computed in a thread while the file is parsed (both release the GIL).
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        checksum = pool.submit(lambda: hashlib.sha256(raw).hexdigest())
        if suffix in XLSX_SUFFIXES:
            rows = _xlsx_rows(name, raw, sheet)
            return _from_rows(name, rows, "xlsx", checksum.result())
        return _read_csv(name, raw, checksum.result)


# --- CSV -----------------------------------------------------------------------------------


def _read_csv(name: str, raw: bytes, checksum: Callable[[], str]) -> Table:
    if raw.startswith(_UTF16_BOMS):
        raise refuse(name, "het bestand is in UTF-16 gecodeerd; sla het op als 'CSV UTF-8'")
    offset = len(UTF8_BOM) if raw.startswith(UTF8_BOM) else 0
    body = memoryview(raw)[offset:]
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise refuse(
            name,
            "bevat een NUL-teken (het bestand is beschadigd of geen tekstbestand)",
            _row_at(raw, nul),
        )
    header_line = _first_line(raw, offset)
    delimiter = max(DELIMITERS, key=lambda d: header_line.count(d.encode()))
    width = header_line.count(delimiter.encode()) + 1
    if width > MAX_COLUMNS:
        raise refuse(name, f"te veel kolommen: {width}, hoogstens {MAX_COLUMNS}")
    quoted = raw.find(b'"', offset) >= 0
    encoding = "utf-8"
    text: str | None = None
    try:
        if quoted and raw.count(b'"', offset) % 2:
            raise _IrregularError("an odd number of quotes: let Python's csv module find why")
        columns = _arrow_columns(body, delimiter, width, quoted)
    except _IrregularError as irregular:
        if "UTF8" in str(irregular):
            text, encoding = _decode(name, raw, bytes(body))
            try:
                columns = _arrow_columns(memoryview(text.encode()), delimiter, width, quoted)
            except _IrregularError:
                columns = None
        else:
            columns = None
    if columns is None:
        if text is None:
            text, encoding = _decode(name, raw, bytes(body))
        return _from_rows(name, _python_rows(name, text, delimiter), encoding, checksum())
    return _from_columns(name, columns, encoding, checksum())


def _first_line(raw: bytes, offset: int) -> bytes:
    """The first line of ``raw`` from ``offset`` on that is not blank."""
    while offset < len(raw):
        end = raw.find(b"\n", offset)
        end = len(raw) if end < 0 else end
        line = raw[offset:end]
        if line.strip():
            return line
        offset = end + 1
    return b""


def _arrow_columns(body: memoryview, delimiter: str, width: int, quoted: bool) -> list[pa.Array]:
    import pyarrow as pa
    import pyarrow.csv as pacsv

    names = [f"c{index}" for index in range(width)]
    try:
        table = pacsv.read_csv(
            pa.BufferReader(pa.py_buffer(body)),
            read_options=pacsv.ReadOptions(column_names=names, block_size=_BLOCK_BYTES),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter, newlines_in_values=quoted, ignore_empty_lines=False
            ),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
        raise _IrregularError(str(exc)) from exc
    return list(table.columns)


def _decode(name: str, raw: bytes, body: bytes) -> tuple[str, str]:
    """The text of ``body``: UTF-8, or Windows-1252 when nothing in it is UTF-8 beyond ASCII."""
    try:
        return body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        bad = exc.start + (len(raw) - len(body))
        if _UTF8_MULTIBYTE.search(body) is None:
            try:
                return body.decode("cp1252"), "windows-1252"
            except UnicodeDecodeError:
                pass
        raise refuse(
            name,
            f"teken 0x{raw[bad]:02X} is geen geldige UTF-8; sla het bestand op als 'CSV UTF-8' "
            "en probeer opnieuw",
            _row_at(raw, bad),
        ) from exc


def _row_at(raw: bytes, position: int) -> int:
    """The spreadsheet row of the byte at ``position`` (quoted line breaks stay in their row)."""
    prefix = raw[:position]
    if b'"' not in prefix:
        return prefix.count(b"\n") + 1
    _raise_field_limit()
    text = prefix.decode("utf-8", errors="replace") + "x"
    try:
        return sum(1 for _ in csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error:
        return prefix.count(b"\n") + 1


def _raise_field_limit() -> None:
    # The csv module's own field limit (131,072) would end a read with an English error; the
    # reader's cell limit applies instead, naming row and column. Only ever raised, never lowered.
    if csv.field_size_limit() < MAX_FILE_BYTES:
        csv.field_size_limit(MAX_FILE_BYTES)


def _python_rows(name: str, text: str, delimiter: str) -> list[list[str]]:
    _raise_field_limit()
    rows: list[list[str]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        rows.extend(reader)
    except csv.Error as exc:
        raise refuse(
            name,
            'een aanhalingsteken (") wordt niet goed gesloten of is verkeerd geplaatst',
            len(rows) + 1,
        ) from exc
    return rows


# --- Excel ---------------------------------------------------------------------------------


def _xlsx_rows(name: str, raw: bytes, sheet: str | None) -> list[list[str]]:
    try:
        cells = read_xlsx(raw, sheet)
    except WorkbookError as exc:
        raise refuse(name, str(exc)) from exc
    return [[cell_text(cell) for cell in row] for row in cells]


# --- from rows or columns to a table ----------------------------------------------------------


def _from_rows(name: str, rows: list[list[str]], encoding: str, checksum: str) -> Table:
    """A table from rows of uneven length: short rows padded, extra filled cells refused."""
    import pyarrow as pa

    start = next((i for i, row in enumerate(rows) if any(cell.strip() for cell in row)), None)
    if start is None:
        raise refuse(name, "het bestand is leeg")
    header = rows[start]
    while header and not header[-1].strip():
        header = header[:-1]
    width = len(header)
    if width > MAX_COLUMNS:
        raise refuse(name, f"te veel kolommen: {width}, hoogstens {MAX_COLUMNS}")
    problems = [
        Problem("meer waarden dan kolommen in de kopregel", file=name, row=number)
        for number, row in enumerate(rows[start + 1 :], start=start + 2)
        if any(cell.strip() for cell in row[width:])
    ]
    if problems:
        raise InvalidInput(_capped(name, problems))
    data = rows[start + 1 :]
    columns = [
        pa.array([row[i] if i < len(row) else "" for row in data], pa.string())
        for i in range(width)
    ]
    return _finish(name, header, columns, start + 2, encoding, checksum)


def _from_columns(name: str, columns: list[pa.Array], encoding: str, checksum: str) -> Table:
    import numpy as np
    import pyarrow.compute as pc

    filled = np.zeros(len(columns[0]), dtype=np.bool_)
    probe = min(len(filled), 1_000)
    for column in columns:
        filled[:probe] |= (
            pc.utf8_length(pc.utf8_trim_whitespace(column.slice(0, probe))).to_numpy(
                zero_copy_only=False
            )
            > 0
        )
    start = int(np.argmax(filled)) if filled.any() else None
    if start is None:
        raise refuse(name, "het bestand is leeg")
    header = [str(column[start].as_py()) for column in columns]
    return _finish(
        name, header, [column.slice(start + 1) for column in columns], start + 2, encoding, checksum
    )


def _finish(
    name: str,
    header: list[str],
    columns: list[pa.Array],
    first_row: int,
    encoding: str,
    checksum: str,
) -> Table:
    import numpy as np
    import pyarrow.compute as pc

    names = [cell.strip() for cell in header]
    problems: list[Problem] = []
    seen: set[str] = set()
    for column_name in names:
        if column_name and column_name.lower() in seen:
            problems.append(
                Problem(
                    "deze kolom staat meer dan één keer in de kopregel",
                    file=name,
                    row=first_row - 1,
                    field=column_name,
                )
            )
        seen.add(column_name.lower())
    cleaned: list[pa.Array] = []
    for column_name, column in zip(names, columns, strict=True):
        lengths = pc.utf8_length(column).to_numpy(zero_copy_only=False)
        for index in np.flatnonzero(lengths > MAX_CELL_CHARACTERS)[:MAX_PROBLEMS].tolist():
            problems.append(
                Problem(
                    f"cel te lang: {lengths[index]} tekens, hoogstens {MAX_CELL_CHARACTERS}",
                    file=name,
                    row=first_row + index,
                    field=column_name or f"kolom {len(cleaned) + 1}",
                )
            )
        cleaned.append(_clean(column))
    if problems:
        raise InvalidInput(_capped(name, problems))
    return Table(name, names, cleaned, first_row=first_row, encoding=encoding, sha256=checksum)


def _clean(column: pa.Array) -> pa.Array:
    """Surrounding spaces off; the writer's ``'`` before a formula-like text off."""
    import pyarrow.compute as pc

    column = pc.utf8_trim_whitespace(column)
    if pc.any(pc.starts_with(column, "'")).as_py():
        column = pc.replace_substring_regex(column, r"^'([=+\-@\t\r])", r"\1")
    return column


def _capped(name: str, problems: list[Problem]) -> list[Problem]:
    if len(problems) <= MAX_PROBLEMS:
        return problems
    rest = len(problems) - MAX_PROBLEMS
    return [*problems[:MAX_PROBLEMS], Problem(f"… en nog {rest} fouten", file=name)]
