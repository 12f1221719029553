"""Composition root: settings, the store and the capabilities, wired once (Cosmic Python).

The command line and the web application each build one :class:`Container`; tests build their
own from their own :class:`krapte.settings.Settings`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from krapte.capabilities import capabilities
from krapte.capability import Capability
from krapte.db.store import Store
from krapte.settings import Settings, get_settings

if TYPE_CHECKING:
    from krapte.db.uow import UnitOfWork


@dataclass(frozen=True)
class Container:
    settings: Settings
    store: Store

    @property
    def capabilities(self) -> tuple[Capability, ...]:
        return capabilities()

    def unit_of_work(self, *, write: bool = False) -> UnitOfWork:
        """A unit of work on the store; raises NotInitialised before `krapte init`."""
        return self.store.unit_of_work(write=write)


def bootstrap(settings: Settings | None = None) -> Container:
    settings = settings or get_settings()
    return Container(settings=settings, store=Store(settings))


def initialise(container: Container) -> list[str]:
    """Create or upgrade the store, then let every capability load its bundled data.

    All capabilities load in one transaction: when one fails, nothing of any is stored.
    """
    from krapte.capability import resolve

    container.store.initialise()
    lines: list[str] = []
    with container.unit_of_work(write=True) as uow:
        for capability in container.capabilities:
            if capability.initialise is not None:
                lines.extend(resolve(capability.initialise)(uow))
        uow.commit()
    return lines
