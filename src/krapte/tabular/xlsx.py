"""Reading Excel workbooks (.xlsx, .xlsm) with openpyxl, values as last computed by Excel.

A cell marked as a number that holds text (written so by some exporters) is read as that text
instead of ending the read with a ValueError deep inside openpyxl: openpyxl's number cast is
wrapped once, on first use, by a cast that gives the text back when it is no number.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from collections.abc import Callable
from typing import Any

Cell = str | float | int | None


class WorkbookError(ValueError):
    """The workbook cannot be read; the message is Dutch and does not name the file."""


def _tolerant(cast: Callable[[str], Any]) -> Callable[[str], Any]:
    def cast_or_text(value: str) -> Any:
        try:
            return cast(value)
        except ValueError:
            return value

    cast_or_text.krapte_tolerant = True  # type: ignore[attr-defined]
    return cast_or_text


def _read_numbers_as_text_when_they_are_not() -> None:
    from openpyxl.worksheet import _reader

    if not getattr(_reader._cast_number, "krapte_tolerant", False):
        _reader._cast_number = _tolerant(_reader._cast_number)


def read_xlsx(raw: bytes, sheet: str | None = None) -> list[list[Cell]]:
    """All rows of ``sheet`` (the first sheet when ``None``) as cells, values as last computed."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    _read_numbers_as_text_when_they_are_not()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
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
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return [
                    [xlsx_cell(value) for value in values]
                    for values in worksheet.iter_rows(values_only=True)
                ]
        except (zipfile.BadZipFile, KeyError, OSError, SyntaxError, ValueError, TypeError) as exc:
            # A broken sheet inside a readable archive (SyntaxError: malformed XML).
            raise WorkbookError("geen geldig .xlsx-bestand (een blad is onleesbaar)") from exc
    finally:
        workbook.close()


def xlsx_cell(value: object) -> Cell:
    """Text and numbers as they are; anything else (dates, booleans) as text."""
    if value is None or (isinstance(value, str | int | float) and not isinstance(value, bool)):
        return value
    return str(value)


def cell_text(value: Cell) -> str:
    """A workbook cell as the text a CSV file would hold, numbers in Flemish notation.

    Whole numbers without decimals (``12``), others with a decimal comma (``39,9``, never an
    exponent), so the Dutch number rules read them back as the same number; numbers that are not
    finite keep their text (``inf``), which those rules refuse.
    """
    if value is None:
        return ""
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return str(value)
        if value.is_integer() and abs(value) < 2**63:
            return str(int(value))
        import numpy as np

        return np.format_float_positional(value, trim="-").replace(".", ",")
    return str(value)
