"""Command line: `krapte ...`. Commands parse their arguments, call a service and render.

Built on Click, whose texts are translatable (:mod:`krapte.cli.dutch`). The root knows the command
groups from the registry (:mod:`krapte.capabilities`) and imports a group only when it runs, so
`krapte --help` stays fast. One handler turns every :class:`krapte.errors.KrapteError` into a
Dutch message and an exit code (2 for bad input; 1 is left to commands whose check fails), never
a traceback.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from krapte.capabilities import capabilities
from krapte.capability import CommandGroup, resolve
from krapte.cli import dutch
from krapte.cli.errors import report
from krapte.errors import KrapteError

if TYPE_CHECKING:
    from krapte.bootstrap import Container
    from krapte.db.store import Store
    from krapte.db.uow import UnitOfWork

dutch.install()

CONTEXT = {"help_option_names": ["--help", "-h"], "max_content_width": 100}


def _groups() -> dict[str, CommandGroup]:
    return {group.name: group for c in capabilities() for group in c.commands}


class KrapteGroup(dutch.Group):
    """The root group: lazy capability groups and the one error handler."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*super().list_commands(ctx), *_groups()]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            return command
        found = _groups().get(cmd_name)
        if found is None:
            return None
        loaded = resolve(found.target)
        assert isinstance(loaded, click.Command), found.target
        return loaded

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in super().list_commands(ctx):
            command = super().get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(formatter.width)))
        rows.extend((name, found.help) for name, found in _groups().items())
        with formatter.section(dutch.translate("Commands")):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KrapteError as exc:
            report(exc)
            ctx.exit(exc.exit_code)
        finally:
            _close_stores()


@click.group("krapte", cls=KrapteGroup, context_settings=CONTEXT)
def app() -> None:
    """krapte: data, prognoses en gedeelde systemen tegen de krapte in het sociaal werk."""


#: Stores a command opened (:func:`store`); their connections close when the command ends.
_opened: list[Store] = []


def container() -> Container:
    """The configured container; its store's connections are closed when the command ends."""
    from krapte.bootstrap import bootstrap

    built = bootstrap()
    _opened.append(built.store)
    return built


def store() -> Store:
    """The configured store; its connections are closed when the command ends."""
    return container().store


def _close_stores() -> None:
    while _opened:
        _opened.pop().dispose()


def unit_of_work(*, write: bool = False) -> UnitOfWork:
    """A unit of work on the configured store; settings and SQLAlchemy load only now."""
    return store().unit_of_work(write=write)


def group(help: str) -> dutch.Group:
    """A capability's command group (`krapte NAME ...`) with the shared settings."""
    return dutch.Group(help=help, context_settings=CONTEXT)


def _register_system() -> None:
    from krapte.cli import system
    from krapte.operations import cli as operations

    app.add_command(system.init)
    app.add_command(system.serve)
    app.add_command(operations.backup)
    app.add_command(operations.restore)
    app.add_command(operations.db, "db")


_register_system()


def main() -> None:
    app(prog_name="krapte")
