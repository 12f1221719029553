"""Top-level commands: `krapte init` and `krapte serve`."""

from __future__ import annotations

import typer

from krapte.bootstrap import bootstrap
from krapte.cli.common import fail


def register(app: typer.Typer) -> None:
    app.command("init")(init)
    app.command("serve")(serve)


def init() -> None:
    """Maak of upgrade de databank en laad de gebundelde gegevens (idempotent)."""
    from krapte.datahub.bundle import BundleError
    from krapte.datahub.services import initialise

    container = bootstrap()
    try:
        report = initialise(container.engine, container.session_factory)
    except BundleError as exc:
        fail(str(exc))
    typer.echo(report.summary())
    typer.echo(f"Databank: {container.engine.url.render_as_string(hide_password=True)}")


def serve(
    host: str = typer.Option("127.0.0.1", help="Adres om op te luisteren."),
    port: int = typer.Option(8000, help="Poort."),
) -> None:
    """Start de webtoepassing op http://HOST:PORT."""
    import uvicorn

    from krapte.web.app import create_app

    uvicorn.run(create_app(bootstrap()), host=host, port=port)
