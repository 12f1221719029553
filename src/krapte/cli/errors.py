"""The command line's one error handler: a Dutch message on standard error, no traceback."""

from __future__ import annotations

import click

from krapte.errors import InvalidInput, KrapteError, NotInitialised

#: Problems listed before the rest is counted.
MAX_LISTED = 200


def report(exc: KrapteError) -> None:
    """Print ``exc`` for a person at a terminal, with the next step where the CLI knows it."""
    click.echo(f"Fout: {exc.message}", err=True)
    if isinstance(exc, InvalidInput) and not (
        len(exc.problems) == 1 and str(exc.problems[0]) == exc.message
    ):
        for problem in exc.problems[:MAX_LISTED]:
            click.echo(f"  - {problem}", err=True)
        if len(exc.problems) > MAX_LISTED:
            click.echo(f"  … en nog {len(exc.problems) - MAX_LISTED}", err=True)
    if isinstance(exc, NotInitialised):
        action = "bij te werken" if exc.outdated else "in te richten"
        click.echo(f"Voer `krapte init` uit om de databank {action}.", err=True)
