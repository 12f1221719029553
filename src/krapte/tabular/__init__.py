"""The one tabular reader and writer of krapte.

Reading (:func:`read_table`): every CSV or Excel file any capability imports, into a
:class:`Table` held column by column (see :mod:`krapte.tabular.read` for the rules: delimiters,
encodings, limits, row numbers). Writing: every CSV the project produces, row by row
(:func:`write_csv`) or column-wise for big outputs (:func:`write_columns`), UTF-8 with a
byte-order mark in files, formula-like text neutralised (see :mod:`krapte.tabular.write`).
"""

from krapte.tabular.read import (
    MAX_CELL_CHARACTERS,
    MAX_COLUMNS,
    MAX_FILE_BYTES,
    MAX_PROBLEMS,
    read_table,
)
from krapte.tabular.table import Integers, Numbers, Table
from krapte.tabular.write import (
    BOM,
    FORMULA_START,
    neutralise,
    restore,
    write_columns,
    write_csv,
    write_text_atomically,
)
from krapte.tabular.xlsx import Cell, WorkbookError, read_xlsx, xlsx_cell

__all__ = [
    "BOM",
    "FORMULA_START",
    "MAX_CELL_CHARACTERS",
    "MAX_COLUMNS",
    "MAX_FILE_BYTES",
    "MAX_PROBLEMS",
    "Cell",
    "Integers",
    "Numbers",
    "Table",
    "WorkbookError",
    "neutralise",
    "read_table",
    "read_xlsx",
    "restore",
    "write_columns",
    "write_csv",
    "write_text_atomically",
    "xlsx_cell",
]
