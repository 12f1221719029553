"""Command line: `krapte ...`. Commands parse their arguments, call a service and render."""

from __future__ import annotations

import typer

from krapte.cli import (
    claims,
    data,
    data_export,
    forecast,
    indicators,
    placement,
    placement_rounds,
    system,
)

app = typer.Typer(
    name="krapte",
    help="krapte: data, prognoses en gedeelde systemen tegen de krapte in het sociaal werk.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
system.register(app)
data_export.register(data.app)
app.add_typer(data.app, name="data")
app.add_typer(claims.app, name="claims")
app.add_typer(indicators.app, name="indicators")
placement_rounds.register(placement.app)
app.add_typer(placement.app, name="placement")
app.add_typer(forecast.app, name="forecast")


def main() -> None:
    app()
