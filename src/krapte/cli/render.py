"""The one renderer of the command line: ``--format table|json|csv`` for every command.

Tables get Flemish numbers and the terminal's width (a wide page when output is piped); JSON and
CSV get plain numbers and the English machine keys of :mod:`krapte.output`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeVar

import click

from krapte.formatting import number
from krapte.output import TableView, write_csv, write_json

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

F = TypeVar("F", bound=Callable[..., Any])

#: Width of tables written to a file or pipe, where no terminal says how wide it is.
PIPE_WIDTH = 160


class OutputFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


def format_option(*formats: OutputFormat) -> Callable[[F], F]:
    """The ``--format`` option, offering ``formats`` (all three by default)."""
    offered = formats or tuple(OutputFormat)
    return click.option(
        "fmt",
        "--format",
        type=click.Choice([f.value for f in offered]),
        default=offered[0].value,
        show_default=True,
        callback=lambda _ctx, _param, value: OutputFormat(value),
        help="Uitvoerformaat.",
    )


def console(*, stderr: bool = False) -> Console:
    """A console for tables: the terminal's width, or a wide page when output is piped."""
    from rich.console import Console

    probe = Console(stderr=stderr)
    return probe if probe.is_terminal else Console(width=PIPE_WIDTH, stderr=stderr)


def render(views: TableView | Sequence[TableView], fmt: OutputFormat) -> None:
    """Write ``views`` to standard output in ``fmt``."""
    views = [views] if isinstance(views, TableView) else list(views)
    if fmt is OutputFormat.JSON:
        write_json(views, sys.stdout)
    elif fmt is OutputFormat.CSV:
        write_csv(views, sys.stdout)
    else:
        out = console()
        for view in views:
            if not view.rows and view.empty:
                out.print(view.empty, markup=False, highlight=False)
            else:
                out.print(rich_table(view))
            for line in view.notes:
                out.print(line, markup=False, highlight=False)


def rich_table(view: TableView) -> Table:
    from rich.markup import escape
    from rich.table import Table

    table = Table(title=escape(view.title), caption=escape(view.caption) or None)
    for column in view.columns:
        table.add_column(
            escape(column.label),
            justify="right" if column.numeric else "left",
            overflow="fold",
        )
    for row in view.rows:
        table.add_row(*(escape(cell_text(row.get(c.key), c.decimals)) for c in view.columns))
    return table


def cell_text(value: object, decimals: int | None) -> str:
    """A cell as a table shows it: Flemish numbers, empty for missing, text as it is."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if decimals is not None and isinstance(value, int | float):
        return number(value, decimals) if value == value else "–"
    return str(value)
