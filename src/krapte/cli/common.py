"""Helpers shared by the commands: output formats, Dutch number rendering, clean failures."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import NoReturn

import typer
from rich.console import Console

from krapte.bootstrap import Container, bootstrap
from krapte.formatting import number

__all__ = [
    "ExportFormat",
    "OutputFormat",
    "ReportFormat",
    "console",
    "emit_rows",
    "fail",
    "number",
    "open_store",
    "plural",
]

#: Width of tables written to a file or pipe, where no terminal says how wide it is.
PIPE_WIDTH = 160


class OutputFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


class ReportFormat(StrEnum):
    """For reports that have no sensible CSV form (findings, claims)."""

    TABLE = "table"
    JSON = "json"


class ExportFormat(StrEnum):
    """For exports written to files."""

    CSV = "csv"
    JSON = "json"


def fail(message: str, code: int = 2) -> NoReturn:
    typer.echo(f"Fout: {message}", err=True)
    raise typer.Exit(code)


def console() -> Console:
    """A console for tables: the terminal's width, or a wide page when output is piped."""
    probe = Console()
    return probe if probe.is_terminal else Console(width=PIPE_WIDTH)


def open_store() -> Container:
    """The configured store, after checking that `krapte init` has built it (else a clean exit)."""
    from krapte.db.migrate import store_state

    container = bootstrap()
    problem = store_state(container.engine)
    if problem is not None:
        fail(problem)
    return container


def emit_rows(rows: Sequence[Mapping[str, object]], fmt: OutputFormat) -> None:
    """Write flat rows to standard output as a JSON list or as CSV (columns in first-seen order)."""
    if fmt is OutputFormat.JSON:
        typer.echo(json.dumps(list(rows), ensure_ascii=False, indent=2, default=str))
        return
    columns = list(dict.fromkeys(key for row in rows for key in row))
    writer = csv.DictWriter(sys.stdout, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


def plural(count: int, one: str, many: str) -> str:
    """`1 rij`, `2 rijen`: a count with the Dutch singular or plural noun."""
    return f"{number(count)} {one if count == 1 else many}"
