"""`krapte claims ...` commands."""

from __future__ import annotations

import typer

app = typer.Typer(help="claims", no_args_is_help=True)
