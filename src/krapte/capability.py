"""What a capability tells the shared edges about itself (see :mod:`krapte.capabilities`).

Targets are written as ``"module:attribute"`` strings and imported only when needed, so that
``krapte --help`` does not import every command group, and :mod:`krapte.db` never imports a
capability: Alembic asks the registry for the tables instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import Any


@dataclass(frozen=True, slots=True)
class CommandGroup:
    """A `krapte NAME ...` command group: a Click group, and its help line for `krapte --help`."""

    name: str
    target: str
    help: str


@dataclass(frozen=True, slots=True)
class Capability:
    """One capability package: its tables, command groups, web router and start-up work.

    ``initialise`` names a function ``(uow) -> list[str]`` that `krapte init` calls after the
    schema is up to date (to load bundled data); it returns lines for the report.
    """

    name: str
    title: str
    tables: str | None = None
    commands: tuple[CommandGroup, ...] = ()
    router: str | None = None
    templates: str | None = None
    initialise: str | None = None


def resolve(target: str) -> Any:
    """The object a ``"module:attribute"`` target names (the module is imported now)."""
    module, _, attribute = target.partition(":")
    loaded = import_module(module)
    return getattr(loaded, attribute) if attribute else loaded
