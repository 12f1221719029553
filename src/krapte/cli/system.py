"""Top-level commands: `krapte init` and `krapte serve`."""

from __future__ import annotations

import typer

from krapte.bootstrap import bootstrap


def register(app: typer.Typer) -> None:
    app.command("init")(init)
    app.command("serve")(serve)


def init() -> None:
    """Maak of upgrade de databank en laad de gebundelde gegevens (idempotent)."""
    from krapte.datahub.services import initialise

    container = bootstrap()
    report = initialise(container.engine, container.session_factory)
    typer.echo(report.summary())


def serve(
    host: str = typer.Option("127.0.0.1", help="Adres om op te luisteren."),
    port: int = typer.Option(8000, help="Poort."),
) -> None:
    """Start de webtoepassing."""
    import uvicorn

    from krapte.web.app import create_app

    uvicorn.run(create_app(bootstrap()), host=host, port=port)
