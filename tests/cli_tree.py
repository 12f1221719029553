"""Every command of `krapte` as (path, Click command), walked through the lazy root group."""

from __future__ import annotations

import click

from krapte.cli import app


def commands() -> list[tuple[str, click.Command]]:
    """Every leaf command as ("krapte group name", command), groups loaded from the registry."""
    found: list[tuple[str, click.Command]] = []

    def walk(group: click.Group, prefix: str) -> None:
        context = click.Context(group, info_name=prefix.split()[-1])
        for name in group.list_commands(context):
            command = group.get_command(context, name)
            assert command is not None, f"{prefix} {name}"
            if isinstance(command, click.Group):
                walk(command, f"{prefix} {name}")
            else:
                found.append((f"{prefix} {name}", command))

    walk(app, "krapte")
    return found


def groups() -> list[tuple[str, click.Group]]:
    context = click.Context(app, info_name="krapte")
    found = []
    for name in app.list_commands(context):
        command = app.get_command(context, name)
        if isinstance(command, click.Group):
            found.append((f"krapte {name}", command))
    return found


def formats(command: click.Command) -> list[str]:
    """The values a command's --format option offers (empty when it has none)."""
    for param in command.params:
        if isinstance(param, click.Option) and "--format" in param.opts:
            assert isinstance(param.type, click.Choice)
            return [str(choice) for choice in param.type.choices]
    return []
