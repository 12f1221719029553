"""The one tabular reader and writer of krapte.

Reading: CSV/XLSX files for every import (data hub, placement, and the capabilities to come).
Writing: every CSV the project produces, to a file (UTF-8 with a byte-order mark, so that Excel
opens it with the right characters; written to a temporary file and renamed, so never half
written) or to standard output (no byte-order mark). Text cells that a spreadsheet would run as a
formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) are written with a
leading ``'``, so a coordinator who opens an output runs no formula; the reader takes that ``'``
off again, so outputs read back unchanged.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TextIO

from krapte.errors import InvalidInput, os_error

Cell = str | float | int | None

#: First characters that make a spreadsheet read a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def neutralise(text: str) -> str:
    """``text`` as a spreadsheet shows it literally: a leading ``'`` before a formula start."""
    return "'" + text if text.startswith(FORMULA_START) else text


def restore(text: str) -> str:
    """Undo :func:`neutralise` (for cells read back from a file krapte wrote)."""
    return text[1:] if text.startswith("'") and text[1:2] and text[1] in "=+-@\t\r" else text


def _csv_cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise(value)
    if isinstance(value, dict | list | tuple):
        return neutralise(json.dumps(value, ensure_ascii=False, allow_nan=False))
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if not math.isfinite(value):
            return ""
        if value.is_integer() and abs(value) < 2**53:
            return int(value)
    return value


def write_csv(
    target: Path | TextIO, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> None:
    """Write ``header`` and ``rows`` as CSV to a file (atomically, with BOM) or a stream."""
    if not isinstance(target, Path):
        _write_rows(target, header, rows)
        return
    write_text_atomically(target, lambda handle: _write_rows(handle, header, rows), bom=True)


def _write_rows(handle: TextIO, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow([neutralise(name) for name in header])
    writer.writerows([_csv_cell(value) for value in row] for row in rows)


def write_text_atomically(path: Path, fill: Callable[[TextIO], None], *, bom: bool = False) -> None:
    """Write a text file through ``fill(handle)`` into a temporary file, then rename it.

    On any error nothing is left behind and the error is a Dutch :class:`InvalidInput` naming
    the file (an existing file keeps its old content).
    """
    try:
        descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    except OSError as exc:
        raise _unwritable(path, exc) from exc
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
            if bom:
                handle.write(BOM)
            fill(handle)
        os.replace(temporary, path)
    except OSError as exc:
        raise _unwritable(path, exc) from exc
    finally:
        Path(temporary).unlink(missing_ok=True)


def _unwritable(path: Path, exc: OSError) -> InvalidInput:
    return InvalidInput.single(
        f"kan niet geschreven worden ({os_error(exc)}); er is niets geschreven", file=str(path)
    )


class WorkbookError(ValueError):
    """The workbook cannot be read; the message is Dutch and does not name the file."""


def read_xlsx(raw: bytes, sheet: str | None = None) -> list[list[Cell]]:
    """All rows of ``sheet`` (the first sheet when ``None``) as cells, values as last computed."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise WorkbookError("geen geldig .xlsx-bestand (beschadigd of geen Excel-werkmap)") from exc
    try:
        if sheet is not None and sheet not in workbook.sheetnames:
            raise WorkbookError(
                f"tabblad '{sheet}' bestaat niet; tabbladen: {', '.join(workbook.sheetnames)}"
            )
        worksheet = workbook[sheet] if sheet is not None else workbook.worksheets[0]
        try:
            return [
                [xlsx_cell(value) for value in values]
                for values in worksheet.iter_rows(values_only=True)
            ]
        except (zipfile.BadZipFile, KeyError, OSError, SyntaxError) as exc:
            # A broken sheet inside a readable archive (SyntaxError: malformed XML).
            raise WorkbookError("geen geldig .xlsx-bestand (een blad is onleesbaar)") from exc
    finally:
        workbook.close()


def xlsx_cell(value: object) -> Cell:
    """Text and numbers as they are; anything else (dates, booleans) as text."""
    if value is None or (isinstance(value, str | int | float) and not isinstance(value, bool)):
        return value
    return str(value)
