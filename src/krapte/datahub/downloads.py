"""Downloads of an explorer selection: CSV through the one tabular writer, XLSX with openpyxl.

Both hold exactly the rows of :func:`krapte.datahub.explorer.export_selection` with English
machine keys as header; text cells that a spreadsheet would run as a formula are neutralised.
"""

from __future__ import annotations

import io
import re

from krapte.datahub.explorer import Export
from krapte.tabular import neutralise, write_csv

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_bytes(export: Export) -> bytes:
    """The rows as CSV, UTF-8 with a byte-order mark (so that Excel reads the accents)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    write_csv(buffer, export.header, export.rows)
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(export: Export) -> bytes:
    """The rows as a workbook of one sheet, written in openpyxl's streaming (write-only) mode."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    title = re.sub(r"[\\/*?:\[\]]", "-", export.selection.dataset)[:31]
    sheet = workbook.create_sheet(title=title or "cijfers")
    sheet.append(list(export.header))
    for row in export.rows:
        sheet.append([neutralise(cell) if isinstance(cell, str) else cell for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
