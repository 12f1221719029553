"""`krapte placement ...` commands."""

from __future__ import annotations

import typer

app = typer.Typer(help="placement", no_args_is_help=True)
