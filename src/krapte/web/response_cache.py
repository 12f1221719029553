"""Whole responses of the public site, kept per data version: a reverse-proxy cache in the app.

Every public page and API answer depends only on the request and the figures in the store, and
the figures change only with a new release (:func:`krapte.web.site.data_version`). So a ``GET``
answered with 200 is kept in memory, keyed on the data version, the path, the query string and
the representation asked for (gzip or not, JSON or HTML), and the next identical request within
that version is answered from memory without routing, queries or templates. A new import changes
the version, so no answer outlives the figures it shows by more than the version's TTL (1 s).

Never kept: requests that carry a cookie or an ``Authorization`` header (a signed-in user's pages
are personal), responses that set a cookie or say ``Cache-Control: no-store`` or ``private``,
answers other than 200, and answers larger than :data:`ENTRY_LIMIT`. The cache is bounded by
:data:`CAPACITY` bytes per process and forgets the least recently used answers first.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Final

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from krapte.bootstrap import Container
from krapte.errors import KrapteError
from krapte.web.site import data_version

#: Bytes of answers kept per process.
CAPACITY: Final = 64 * 1024 * 1024
#: Larger answers (downloads of big selections) are always produced anew.
ENTRY_LIMIT: Final = 2 * 1024 * 1024
#: Request headers that make an answer personal.
PERSONAL: Final = (b"cookie", b"authorization")
#: Operations' answers are about the moment, never about the data (krapte.web.health); /ready
#: must answer even when the store, which the data version comes from, does not.
UNCACHED: Final = frozenset({"/health", "/ready", "/metrics"})


@dataclass(frozen=True, slots=True)
class Answer:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes
    etag: str
    #: The route that made the answer (its template labels logs and metrics of replays).
    route: object = None

    @property
    def size(self) -> int:
        return len(self.body) + sum(len(k) + len(v) for k, v in self.headers)


class Answers:
    """A byte-bounded, least-recently-used store of answers, safe across threads."""

    def __init__(self, capacity: int = CAPACITY) -> None:
        self.capacity = capacity
        self.used = 0
        self._lock = threading.Lock()
        self._items: OrderedDict[tuple[str, ...], Answer] = OrderedDict()

    def get(self, key: tuple[str, ...]) -> Answer | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: tuple[str, ...], answer: Answer) -> None:
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self.used -= old.size
            self._items[key] = answer
            self.used += answer.size
            while self.used > self.capacity and self._items:
                _, dropped = self._items.popitem(last=False)
                self.used -= dropped.size

    def __len__(self) -> int:
        return len(self._items)


def _cacheable(headers: Headers) -> bool:
    control = headers.get("cache-control", "")
    return "set-cookie" not in headers and "no-store" not in control and "private" not in control


class ResponseCache:
    """ASGI middleware answering repeated public ``GET`` requests from memory (see module)."""

    def __init__(self, app: ASGIApp, container: Container, answers: Answers | None = None) -> None:
        self.app = app
        self.container = container
        self.answers = answers or Answers()

    def _key(self, scope: Scope) -> tuple[str, ...] | None:
        if scope["type"] != "http" or scope["method"] != "GET" or scope["path"] in UNCACHED:
            return None
        headers = Headers(scope=scope)
        if any(name in headers for name in ("cookie", "authorization")):
            return None
        try:
            version = data_version(self.container)
        except KrapteError:  # no store yet: nothing to key on
            return None
        return (
            version.key,
            scope["path"],
            scope.get("query_string", b"").decode("latin-1"),
            "gzip" if "gzip" in headers.get("accept-encoding", "") else "",
            "json" if "application/json" in headers.get("accept", "") else "",
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        key = self._key(scope)
        if key is None:
            await self.app(scope, receive, send)
            return
        found = self.answers.get(key)
        if found is not None:
            scope["route"] = found.route
            await self._replay(found, Headers(scope=scope), send)
            return
        start: Message | None = None
        chunks: list[bytes] = []
        size = 0
        keep = True

        async def recording_send(message: Message) -> None:
            nonlocal start, size, keep
            if message["type"] == "http.response.start":
                start = message
                keep = message["status"] == 200 and _cacheable(Headers(raw=message["headers"]))
            elif message["type"] == "http.response.body" and keep:
                body = message.get("body", b"")
                size += len(body)
                keep = size <= ENTRY_LIMIT
                chunks.append(body)
                if keep and not message.get("more_body", False) and start is not None:
                    raw = list(start["headers"])
                    etag = Headers(raw=raw).get("etag", "")
                    self.answers.put(
                        key,
                        Answer(start["status"], raw, b"".join(chunks), etag, scope.get("route")),
                    )
            await send(message)

        await self.app(scope, receive, recording_send)

    @staticmethod
    async def _replay(answer: Answer, request: Headers, send: Send) -> None:
        if answer.etag and request.get("if-none-match") == answer.etag:
            kept = [(k, v) for k, v in answer.headers if k in (b"etag", b"cache-control", b"vary")]
            await send({"type": "http.response.start", "status": 304, "headers": kept})
            await send({"type": "http.response.body", "body": b"", "more_body": False})
            return
        await send(
            {"type": "http.response.start", "status": answer.status, "headers": answer.headers}
        )
        await send({"type": "http.response.body", "body": answer.body, "more_body": False})
