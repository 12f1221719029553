"""`krapte indicators ...` commands."""

from __future__ import annotations

import typer

app = typer.Typer(help="indicators", no_args_is_help=True)
