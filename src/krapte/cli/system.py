"""Top-level commands: `krapte init` and `krapte serve`."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import click

from krapte.cli.dutch import Command
from krapte.cli.render import console

if TYPE_CHECKING:
    from krapte.settings import Settings


@click.command("init", cls=Command)
@click.option(
    "--backup-before-upgrade",
    is_flag=True,
    help="Maak eerst een back-up in de map backups van KRAPTE_HOME als de databank bestaat "
    "en een oudere structuur heeft.",
)
def init(backup_before_upgrade: bool) -> None:
    """Maak of upgrade de databank en laad de gebundelde gegevens (idempotent)."""
    from krapte.bootstrap import initialise
    from krapte.cli import container as configured

    container = configured()
    if backup_before_upgrade:
        from krapte.operations.service import backup_before_upgrade as take

        taken = take(container.store)
        if taken is not None:
            click.echo(f"Back-up voor de upgrade: {taken.file}")
    lines = initialise(container)
    out = console()
    for line in lines:
        out.print(line, markup=False, highlight=False)
    out.print(f"Databank: {container.store.description}", markup=False, highlight=False)


def default_workers() -> int:
    """Worker processes of `krapte serve`: one per core, at most four.

    Pages only read: SQLite in WAL mode lets every worker read at the same time (writers, such
    as `krapte data import`, are other processes and never block readers), and PostgreSQL has
    no such limit either. More workers than cores only add memory (each holds its own caches).
    """
    return max(1, min(4, os.cpu_count() or 1))


@click.command("serve", cls=Command)
@click.option("--host", default="127.0.0.1", show_default=True, help="Adres om op te luisteren.")
@click.option(
    "--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Poort."
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=None,
    help="Aantal processen dat vragen beantwoordt; standaard één per processorkern, "
    "hoogstens vier.",
)
@click.option(
    "--production",
    is_flag=True,
    help="Draai in productie (zoals KRAPTE_ENV=production): de instellingen worden eerst "
    "gecontroleerd.",
)
def serve(host: str, port: int, workers: int | None, production: bool) -> None:
    """Start de webtoepassing op http://HOST:PORT."""
    from krapte.operations.serving import check_serving
    from krapte.settings import Settings

    if production:
        os.environ["KRAPTE_ENV"] = "production"  # the workers read it too
    settings = Settings()
    count = workers or default_workers()
    check_serving(settings, count)  # before binding: Dutch errors, exit 2
    if count > 1:
        _share_metrics(settings)
    import uvicorn

    from krapte.web.observe import log_config

    # An import string and a factory, so that each worker process builds its own app (and its
    # own database connections). uvicorn's access log is off: krapte.web.observe writes one
    # JSON line per request (route template, status, duration, request id; nothing personal).
    # Forwarded headers are believed only from the trusted proxies, so that the client address
    # (sign-in throttle, rate limit) and the scheme (Secure cookies) are the real ones.
    uvicorn.run(
        "krapte.web.app:create_served_app",
        factory=True,
        host=host,
        port=port,
        workers=count,
        access_log=False,
        log_config=log_config(settings.log_level),
        proxy_headers=True,
        forwarded_allow_ips=settings.trusted_proxies,
        server_header=False,
    )


def _share_metrics(settings: Settings) -> None:
    """Give the workers one folder for their Prometheus figures (emptied at each start)."""
    from krapte.metrics import MULTIPROCESS_ENV

    if os.environ.get(MULTIPROCESS_ENV):
        return
    folder = settings.home / "metrics"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.db"):
        old.unlink()
    os.environ[MULTIPROCESS_ENV] = str(folder)
