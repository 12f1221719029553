"""What a command or a page shows: a titled table of typed columns, for every output format.

Services return typed results; each capability turns them into a :class:`TableView` (its
``views`` or ``cli`` module), and one renderer writes it as a table, JSON or CSV
(:mod:`krapte.cli.render`; the web renders the same view as HTML).

Column names follow one convention: the machine ``key`` (used in CSV headers and JSON keys) is
English snake_case, as in the tidy data format and the placement files; the ``label`` shown above
a table column is Dutch. Numbers stay plain numbers in CSV and JSON; only tables format them the
Flemish way (``1.938``, ``39,9``).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO


@dataclass(frozen=True, slots=True)
class Column:
    """One column: its machine ``key``, its Dutch ``label`` and, for numbers, its decimals."""

    key: str
    label: str
    decimals: int | None = None
    labels: Mapping[str, str] = field(default_factory=dict)
    """Dutch words for coded values, shown in tables only (e.g. ``error`` → ``fout``)."""
    hidden_in_table: bool = False
    """Only in JSON and CSV (detail a table summarises in another column)."""
    trim: bool = False
    """Tables drop trailing zeros (``1.900`` and ``10,87`` in one column of figures)."""

    @property
    def numeric(self) -> bool:
        return self.decimals is not None


@dataclass(frozen=True)
class TableView:
    """A table as people read it: a title, columns, rows, a caption and lines after it."""

    title: str
    columns: tuple[Column, ...]
    rows: Sequence[Mapping[str, object]]
    caption: str = ""
    empty: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def keys(self) -> list[str]:
        return [column.key for column in self.columns]

    def records(self) -> list[dict[str, object]]:
        """The rows with exactly the columns' keys, JSON-safe (no NaN or infinity)."""
        keys = self.keys
        return [{key: plain(row.get(key)) for key in keys} for row in self.rows]


def plain(value: object) -> object:
    """A value as CSV and JSON carry it: no NaN or infinity (None), whole floats as integers."""
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        if value.is_integer() and abs(value) < 2**53:
            return int(value)
    return value


def write_json(views: Sequence[TableView], stream: TextIO) -> None:
    """The rows of every view as one JSON list (views of one command share their columns)."""
    records = [record for view in views for record in view.records()]
    stream.write(json.dumps(records, ensure_ascii=False, indent=2, allow_nan=False))
    stream.write("\n")


def write_json_file(path: Path, views: Sequence[TableView]) -> None:
    """The rows of ``views`` as a JSON file, written atomically (never half a file)."""
    from krapte.tabular import write_text_atomically

    write_text_atomically(path, lambda handle: write_json(views, handle))


def write_csv(views: Sequence[TableView], stream: TextIO) -> None:
    """The rows of every view as one CSV (header from the first view's keys)."""
    from krapte.tabular import write_csv as write_rows

    keys = views[0].keys if views else []
    write_rows(
        stream, keys, ([record[key] for key in keys] for view in views for record in view.records())
    )
