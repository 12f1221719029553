"""Results that depend only on the data, computed once per data version and kept in memory.

A page that summarises the store (the dashboard, the checks, the claims) computes its content
through a :class:`PerDataVersion`: the first request after an import or a restore computes it,
every other request of that version gets the same object. The cache lives in the process (each
uvicorn worker computes once per version) and holds one value per container.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from typing import Generic, TypeVar

from krapte.bootstrap import Container
from krapte.web.site import data_version

T = TypeVar("T")


class PerDataVersion(Generic[T]):
    """``compute(container)``, redone only when the container's data version changes."""

    def __init__(self, compute: Callable[[Container], T]) -> None:
        self._compute = compute
        self._lock = threading.Lock()
        self._values: dict[int, tuple[weakref.ref[Container], str, T]] = {}

    def get(self, container: Container) -> T:
        version = data_version(container)
        key = f"{version.key}@{version.latest_at}"
        # One computation at a time: 50 clients arriving after an import wait for the first
        # one's result instead of each computing it.
        with self._lock:
            found = self._values.get(id(container))
            if found is not None and found[0]() is container and found[1] == key:
                return found[2]
            value = self._compute(container)
            self._values = {
                ident: entry for ident, entry in self._values.items() if entry[0]() is not None
            }
            self._values[id(container)] = (weakref.ref(container), key, value)
            return value

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
