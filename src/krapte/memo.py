"""Results kept in memory by key: bounded, least recently used first out, computed once.

:class:`Memo` serves every cache of results that depend only on stored data (the explorer's
pages and filter choices per version, the summaries of the site per data version). Requests that
ask for the same key at the same time wait for the first one's answer instead of all computing it
(under load, fifty clients open a new version's page together); different keys compute side by
side. A computation that fails is not kept.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")


class Memo(Generic[T]):
    """``make()`` kept under ``key``; at most ``size`` values per process."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._lock = threading.Lock()
        self._values: OrderedDict[Hashable, T] = OrderedDict()
        self._pending: dict[Hashable, threading.Lock] = {}

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
            gate = self._pending.setdefault(key, threading.Lock())
        with gate:
            with self._lock:
                if key in self._values:
                    return self._values[key]
            try:
                made = make()
                with self._lock:
                    self._values[key] = made
                    while len(self._values) > self._size:
                        self._values.popitem(last=False)
            finally:
                with self._lock:
                    self._pending.pop(key, None)
        return made

    def forget(self, keep: Callable[[Hashable], bool] = lambda key: False) -> None:
        """Drop every value whose key ``keep`` does not accept."""
        with self._lock:
            for key in [key for key in self._values if not keep(key)]:
                del self._values[key]
