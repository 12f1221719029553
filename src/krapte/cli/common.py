"""Helpers shared by the commands: output formats, Dutch number rendering, clean failures."""

from __future__ import annotations

from enum import StrEnum
from typing import NoReturn

import typer
from rich.console import Console

from krapte.formatting import number

__all__ = ["OutputFormat", "console", "fail", "number"]

#: Width of tables written to a file or pipe, where no terminal says how wide it is.
PIPE_WIDTH = 160


class OutputFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


def fail(message: str, code: int = 2) -> NoReturn:
    typer.echo(f"Fout: {message}", err=True)
    raise typer.Exit(code)


def console() -> Console:
    """A console for tables: the terminal's width, or a wide page when output is piped."""
    probe = Console()
    return probe if probe.is_terminal else Console(width=PIPE_WIDTH)
