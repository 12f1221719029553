"""A table read from a file, held column by column, with helpers that check whole columns.

Every cell is text (pyarrow string arrays, no nulls; surrounding spaces removed). Row ``i`` of the
data is row ``first_row + i`` of the file as a spreadsheet shows it (the header is the row just
above). The helpers answer for a whole column at once with NumPy arrays (parsed values and masks
of the rows that fail), so a caller builds Python objects and Dutch problems only for the rows
that fail.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from krapte.errors import Problem

if TYPE_CHECKING:
    import pyarrow as pa

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]

_INTEGER = r"^-?[0-9]{1,18}$"
_NOT_AN_INTEGER = np.iinfo(np.int64).min
_CONTROL = r"[\x00-\x1f\x7f]"


@dataclass(frozen=True)
class Integers:
    """A column read as whole numbers: ``values`` (0 where not ``valid``) and ``valid``."""

    values: IntArray
    valid: BoolArray


@dataclass(frozen=True)
class Numbers:
    """A column read by the Dutch number rules: ``values`` (NaN where blank or bad) and the Dutch
    reason for every bad row (index -> message)."""

    values: FloatArray
    errors: dict[int, str] = field(default_factory=dict)


class Table:
    """A header and its columns; see the module's description."""

    def __init__(
        self,
        file: str,
        header: Sequence[str],
        columns: Sequence[pa.Array],
        *,
        first_row: int = 2,
        encoding: str = "utf-8",
        sha256: str = "",
    ) -> None:
        self.file = file
        self.header = list(header)
        self.columns = list(columns)
        self.first_row = first_row
        self.encoding = encoding
        self.sha256 = sha256
        self._length = len(self.columns[0]) if self.columns else 0
        self._positions = {name.lower(): i for i, name in reversed(list(enumerate(self.header)))}

    def __len__(self) -> int:
        return self._length

    @property
    def header_row(self) -> int:
        return self.first_row - 1

    # --- columns by name -----------------------------------------------------------------

    def index(self, name: str) -> int | None:
        """The position of column ``name`` (compared case-insensitively), or None."""
        return self._positions.get(name.lower())

    def has(self, name: str) -> bool:
        return name.lower() in self._positions

    def missing(self, required: Iterable[str]) -> list[Problem]:
        """A problem for every required column the header lacks."""
        return [
            Problem("verplichte kolom ontbreekt", file=self.file, row=self.header_row, field=name)
            for name in required
            if not self.has(name)
        ]

    def column(self, name: str) -> pa.Array:
        """The cells of column ``name``; an absent column reads as empty cells."""
        import pyarrow as pa

        position = self.index(name)
        if position is None:
            return pa.array([""] * self._length, pa.string())
        return self.columns[position]

    def texts(self, name: str) -> list[str]:
        """The cells of column ``name`` as Python strings."""
        return list(self.column(name).to_pylist())

    # --- rows ------------------------------------------------------------------------------

    def row(self, index: int) -> int:
        """The spreadsheet row of data row ``index``."""
        return self.first_row + int(index)

    def record(self, index: int) -> dict[str, str]:
        """Data row ``index`` as column -> cell (for messages about one failing row)."""
        return {name: str(self.columns[i][index].as_py()) for i, name in enumerate(self.header)}

    def problem(self, index: int, field: str, message: str) -> Problem:
        """A problem about the cell of data row ``index`` in column ``field``."""
        return Problem(message, file=self.file, row=self.row(index), field=field)

    def blank(self) -> BoolArray:
        """Rows whose cells are all empty (a blank line, or a row of empty cells)."""
        blank = np.ones(self._length, dtype=np.bool_)
        for column in self.columns:
            blank &= self._empty(column)
        return blank

    # --- whole-column checks ----------------------------------------------------------------

    def empty(self, name: str) -> BoolArray:
        return self._empty(self.column(name))

    @staticmethod
    def _empty(column: pa.Array) -> BoolArray:
        import pyarrow.compute as pc

        return _numpy_bool(pc.equal(pc.utf8_length(column), 0))

    def integers(self, name: str, minimum: int, maximum: int) -> Integers:
        """Whole numbers from ``minimum`` to ``maximum``; anything else (blank too) is not valid."""
        import pyarrow as pa
        import pyarrow.compute as pc

        def parse(part: pa.Array) -> IntArray:
            looks = pc.match_substring_regex(part, _INTEGER)
            if not pc.all(looks).as_py():
                part = pc.if_else(looks, part, str(_NOT_AN_INTEGER))
            return np.asarray(pc.cast(part, pa.int64()).to_numpy(zero_copy_only=False))

        values = _in_parts(self.column(name), parse)
        valid = (values != _NOT_AN_INTEGER) & (values >= minimum) & (values <= maximum)
        return Integers(values=np.where(valid, values, 0).astype(np.int64), valid=valid)

    def codes(self, name: str, keys: pa.Array | Sequence[str]) -> IntArray:
        """Per row the position of its cell in ``keys`` (ids looked up as codes), -1 if absent."""
        import pyarrow as pa
        import pyarrow.compute as pc

        value_set = keys if isinstance(keys, pa.Array) else pa.array(keys, pa.string())
        lookup = pc.SetLookupOptions(value_set)

        def look_up(part: pa.Array) -> IntArray:
            found = pc.fill_null(pc.index_in(part, options=lookup), -1)
            return np.asarray(found.to_numpy(zero_copy_only=False), dtype=np.int64)

        column = self.column(name)
        if len(column) >= PARALLEL_ROWS:
            # Files sorted or grouped by this column (a preferences file by student) repeat each
            # id on consecutive rows: look up each run of equal cells once.
            changes = pc.not_equal(column.slice(1), column.slice(0, len(column) - 1))
            heads = np.flatnonzero(np.concatenate([[True], _numpy_bool(changes)]))
            if len(heads) * 2 < len(column):
                found = _in_parts(column.take(pa.array(heads)), look_up)
                return np.repeat(found, np.diff(np.append(heads, len(column))))
        return _in_parts(column, look_up)

    def numbers(self, name: str) -> Numbers:
        """Numbers by the Dutch rules of :mod:`krapte.numbers` (``1.938``, ``39,9``, ``12 %``).

        Plain whole numbers are cast column-wise; every other distinct text is parsed once.
        """
        import pyarrow as pa
        import pyarrow.compute as pc

        from krapte.numbers import NumberFormatError, parse_dutch_number

        column = self.column(name)
        plain = _numpy_bool(pc.match_substring_regex(column, r"^-?[0-9]{1,15}$"))
        values = np.full(self._length, np.nan)
        if plain.any():
            cast = pc.cast(pc.if_else(pa.array(plain), column, "0"), pa.float64())
            values[plain] = cast.to_numpy(zero_copy_only=False)[plain]
        other = np.flatnonzero(~plain & ~self._empty(column))
        errors: dict[int, str] = {}
        if len(other):
            indices, texts = _dictionary(column.take(pa.array(other)))
            parsed: list[float] = []
            reasons: dict[int, str] = {}
            for position, text in enumerate(texts):
                try:
                    number = parse_dutch_number(text)
                except NumberFormatError as exc:
                    reasons[position] = str(exc)
                    number = None
                parsed.append(np.nan if number is None else number)
            values[other] = np.asarray(parsed)[indices]
            for row, code in zip(other.tolist(), indices.tolist(), strict=True):
                if code in reasons:
                    errors[row] = reasons[code]
        return Numbers(values=values, errors=errors)

    def distinct(self, name: str) -> tuple[IntArray, list[str]]:
        """Column ``name`` as codes into its distinct cells: row ``i`` holds ``texts[codes[i]]``.

        For columns with few distinct values (lists, names): parse each distinct text once.
        """

        return _dictionary(self.column(name))

    def lengths(self, name: str) -> IntArray:
        """The number of characters of every cell of column ``name``."""
        import pyarrow.compute as pc

        lengths = pc.utf8_length(self.column(name)).to_numpy(zero_copy_only=False)
        return np.asarray(lengths, dtype=np.int64)

    def control_characters(self, name: str) -> BoolArray:
        """Rows whose cell holds a line break, a tab or another control character."""
        import pyarrow.compute as pc

        return _numpy_bool(pc.match_substring_regex(self.column(name), _CONTROL))

    def duplicates(self, name: str) -> BoolArray:
        """Rows whose non-empty cell already appeared in an earlier row of column ``name``."""

        codes, _ = _dictionary(self.column(name))
        repeated = np.ones(self._length, dtype=np.bool_)
        _, first = np.unique(codes, return_index=True)
        repeated[first] = False
        return repeated & ~self.empty(name)


#: Columns longer than this are worked on in parts, one per processor.
PARALLEL_ROWS = 1_000_000


def _in_parts(column: pa.Array, work: Callable[[pa.Array], IntArray]) -> IntArray:
    """``work`` on parts of ``column`` in threads (pyarrow's kernels release the GIL)."""
    parts = min(os.cpu_count() or 1, 8)
    if len(column) < PARALLEL_ROWS or parts == 1:
        return work(column)
    from concurrent.futures import ThreadPoolExecutor

    step = -(-len(column) // parts)
    slices = [column.slice(start, step) for start in range(0, len(column), step)]
    with ThreadPoolExecutor(parts) as pool:
        return np.concatenate(list(pool.map(work, slices)))


def _dictionary(column: Any) -> tuple[IntArray, list[str]]:
    """The codes of a column's cells into its distinct cells (chunked columns too)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    encoded = pc.dictionary_encode(column)
    if isinstance(encoded, pa.ChunkedArray):
        if encoded.num_chunks == 0:
            return np.zeros(0, dtype=np.int64), []
        encoded = encoded.unify_dictionaries()
        indices = np.concatenate(
            [chunk.indices.to_numpy(zero_copy_only=False) for chunk in encoded.chunks]
        )
        names = encoded.chunks[0].dictionary.to_pylist()
    else:
        indices = encoded.indices.to_numpy(zero_copy_only=False)
        names = encoded.dictionary.to_pylist()
    return np.asarray(indices, dtype=np.int64), list(names)


def _numpy_bool(array: Any) -> BoolArray:
    return np.asarray(array.to_numpy(zero_copy_only=False), dtype=np.bool_)
