"""Top-level commands: `krapte init` and `krapte serve`."""

from __future__ import annotations

import click

from krapte.cli.dutch import Command
from krapte.cli.render import console


@click.command("init", cls=Command)
def init() -> None:
    """Maak of upgrade de databank en laad de gebundelde gegevens (idempotent)."""
    from krapte.bootstrap import bootstrap, initialise

    container = bootstrap()
    lines = initialise(container)
    out = console()
    for line in lines:
        out.print(line, markup=False, highlight=False)
    out.print(f"Databank: {container.store.description}", markup=False, highlight=False)


@click.command("serve", cls=Command)
@click.option("--host", default="127.0.0.1", show_default=True, help="Adres om op te luisteren.")
@click.option(
    "--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Poort."
)
def serve(host: str, port: int) -> None:
    """Start de webtoepassing op http://HOST:PORT."""
    import uvicorn

    from krapte.bootstrap import bootstrap
    from krapte.web.app import create_app

    uvicorn.run(create_app(bootstrap()), host=host, port=port)
