"""Results that depend only on the data, computed once per data version and kept in memory.

A page that summarises the store (the dashboard, the checks, the claims) computes its content
through a :class:`PerDataVersion`: the first request after an import or a restore computes it,
every other request of that version gets the same object. The cache lives in the process (each
uvicorn worker computes once per version) and keeps the last few versions
(:class:`krapte.memo.Memo`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final, Generic, TypeVar

from krapte.bootstrap import Container
from krapte.memo import Memo
from krapte.web.site import data_version

T = TypeVar("T")

#: Data versions (and stores, in tests) kept per cache.
KEPT: Final = 4


class PerDataVersion(Generic[T]):
    """``compute(container)``, redone only when the container's data version changes."""

    def __init__(self, compute: Callable[[Container], T]) -> None:
        self._compute = compute
        self._memo: Memo[T] = Memo(KEPT)

    def get(self, container: Container) -> T:
        version = data_version(container)
        # The store's address and its newest release say which figures the value was made of.
        key = (container.settings.database_url, version.key, version.latest_at)
        # 50 clients arriving after an import wait for the first one's result.
        return self._memo.get(key, lambda: self._compute(container))
