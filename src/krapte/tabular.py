"""Reading the cells of an XLSX workbook, shared by the data hub importer and placement files.

Only reading: the callers turn :class:`WorkbookError` into their own Dutch input errors, which
name the file.
"""

from __future__ import annotations

import io
import zipfile

Cell = str | float | int | None


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
