"""The registry: the one list of krapte's capabilities.

Adding a capability means writing its package (core, tables, repository, service, cli, routes and
a ``capability.py`` that defines ``CAPABILITY``) and adding one line here. The command line, the
web application, Alembic and `krapte init` all read this list.
"""

from __future__ import annotations

from functools import cache
from importlib import import_module

from krapte.capability import Capability, resolve

CAPABILITIES: tuple[str, ...] = (
    "krapte.datahub",
    "krapte.indicators",
    "krapte.forecast",
    "krapte.accounts",
    "krapte.placement",
    "krapte.actionplan",
    "krapte.workforce",
    "krapte.vacancies",
    "krapte.experts",
    "krapte.fairs",
)


@cache
def capabilities() -> tuple[Capability, ...]:
    """Every registered capability, in the order of :data:`CAPABILITIES`."""
    found = []
    for package in CAPABILITIES:
        capability = import_module(f"{package}.capability").CAPABILITY
        assert isinstance(capability, Capability), f"{package}.capability.CAPABILITY"
        found.append(capability)
    return tuple(found)


def import_tables() -> None:
    """Import every capability's tables, so that the shared metadata knows them all."""
    for capability in capabilities():
        if capability.tables is not None:
            resolve(capability.tables)
