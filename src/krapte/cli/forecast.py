"""`krapte forecast ...` commands."""

from __future__ import annotations

import typer

app = typer.Typer(help="forecast", no_args_is_help=True)
