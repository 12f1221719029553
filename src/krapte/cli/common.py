"""Helpers shared by the commands: output formats, Dutch number rendering, clean failures."""

from __future__ import annotations

from enum import StrEnum
from typing import NoReturn

import typer

from krapte.formatting import number

__all__ = ["OutputFormat", "fail", "number"]


class OutputFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


def fail(message: str, code: int = 2) -> NoReturn:
    typer.echo(f"Fout: {message}", err=True)
    raise typer.Exit(code)
