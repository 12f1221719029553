"""Writing every CSV the project produces: row by row, or column-wise for big outputs.

To a file: UTF-8 with a byte-order mark (so that Excel opens it with the right characters),
written to a temporary file and renamed, so never half written. To a stream: no byte-order mark.
Text cells that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return) get a leading ``'``, so a coordinator who opens an output runs no
formula; the reader takes that ``'`` off again (:func:`restore`), so outputs read back unchanged.
Numbers that are not finite are written as empty cells, never as ``inf`` or ``nan``.
"""

from __future__ import annotations

import csv
import json
import math
import os
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from krapte.errors import InvalidInput, os_error

if TYPE_CHECKING:
    import pyarrow as pa

#: First characters that make a spreadsheet read a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
_FORMULA_PATTERN = r"^[=+\-@\t\r]"


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

    def write(temporary: str) -> None:
        with open(temporary, "w", encoding="utf-8", newline="") as handle:
            if bom:
                handle.write(BOM)
            fill(handle)

    _atomically(path, write)


def _atomically(path: Path, write: Callable[[str], None]) -> None:
    """``write`` a temporary file next to ``path``, then rename it to ``path``; all or nothing."""
    temporary = _temporary(path)
    try:
        write(temporary)
        os.replace(temporary, path)
    except OSError as exc:
        raise _unwritable(path, exc) from exc
    finally:
        Path(temporary).unlink(missing_ok=True)


def _temporary(path: Path) -> str:
    """A new empty file next to ``path``, readable as an ordinary new file would be (umask)."""
    try:
        descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    except OSError as exc:
        raise _unwritable(path, exc) from exc
    try:
        os.fchmod(descriptor, 0o666 & ~umask())
    finally:
        os.close(descriptor)
    return temporary


def umask() -> int:
    """The process's file mode creation mask (what ``tempfile`` ignores for privacy)."""
    current = os.umask(0o022)
    os.umask(current)
    return current


def _unwritable(path: Path, exc: OSError) -> InvalidInput:
    return InvalidInput.single(
        f"kan niet geschreven worden ({os_error(exc)}); er is niets geschreven", file=str(path)
    )


# --- column-wise: big outputs through pyarrow's CSV writer -------------------------------------

Columns = Mapping[str, Any]
"""Header name -> a column: a NumPy array, a pyarrow array or a list (``None`` = empty cell)."""


def write_columns(path: Path, columns: Columns) -> None:
    """Write ``columns`` (same length each) as a CSV file, column-wise, with the writer's rules.

    Same output rules as :func:`write_csv` (BOM, formula-like text neutralised, no ``inf`` or
    ``nan``), at the speed of pyarrow's CSV writer: for outputs of millions of rows.
    """
    import pyarrow.csv as pacsv

    table = _arrow_table(columns)
    quoting = "needed" if _needs_quotes(table) else "none"
    options = pacsv.WriteOptions(include_header=False, delimiter=",", quoting_style=quoting)
    header = ",".join(_header_cell(name) for name in columns)

    def write(temporary: str) -> None:
        with open(temporary, "wb") as handle:
            handle.write(f"{BOM}{header}\n".encode())
            if table.num_rows:
                pacsv.write_csv(table, handle, write_options=options)

    _atomically(path, write)


def _header_cell(name: str) -> str:
    text = neutralise(name)
    if any(character in text for character in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _arrow_table(columns: Columns) -> pa.Table:
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    arrays = []
    for values in columns.values():
        array = values if isinstance(values, pa.Array | pa.ChunkedArray) else None
        if array is None:
            if isinstance(values, np.ndarray) and values.dtype.kind == "f":
                array = pa.array(values, mask=~np.isfinite(values))
            else:
                array = pa.array(values)
        if pa.types.is_floating(array.type):
            array = pc.if_else(pc.is_finite(array), array, pa.scalar(None, array.type))
        elif pa.types.is_dictionary(array.type):
            chunks = array.chunks if isinstance(array, pa.ChunkedArray) else [array]
            array = pa.chunked_array(
                [
                    pa.DictionaryArray.from_arrays(c.indices, _neutralised(c.dictionary))
                    for c in chunks
                ]
            )
        elif _is_text(array.type):
            array = _neutralised(array)
        arrays.append(array)
    return pa.table(arrays, names=[f"c{index}" for index in range(len(arrays))])


def _is_text(kind: pa.DataType) -> bool:
    import pyarrow as pa

    return bool(pa.types.is_string(kind) or pa.types.is_large_string(kind))


def _neutralised(array: Any) -> Any:
    """Text cells with a leading ``'`` where they start like a formula."""
    import pyarrow.compute as pc

    formula = pc.match_substring_regex(array, _FORMULA_PATTERN)
    if pc.any(formula).as_py():
        return pc.if_else(formula, pc.binary_join_element_wise("'", array, ""), array)
    return array


def _needs_quotes(table: pa.Table) -> bool:
    """Whether a text cell holds a delimiter, quote or line break (of a dictionary column, only
    its dictionary is looked at)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    for column in table.columns:
        if pa.types.is_dictionary(column.type):
            texts = [chunk.dictionary for chunk in column.chunks]
        elif _is_text(column.type):
            texts = [column]
        else:
            continue
        for text in texts:
            if pc.any(pc.match_substring_regex(text, r'[,"\r\n]')).as_py():
                return True
    return False
