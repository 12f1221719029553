"""Public vacancy answers kept in memory per vacancies version, never in the site's shared cache.

The site's response cache (:mod:`krapte.web.response_cache`) keys answers on the data hub's
version, which a published or withdrawn vacancy does not change: it would keep showing a search
without the new vacancy, or with a withdrawn one. So every public vacancy answer says
``Cache-Control: private, no-cache`` (the shared cache skips it, a browser asks again) and the
anonymous ones are kept here instead, keyed on the vacancies' own version
(:func:`krapte.vacancies.service.version`: the newest vacancy, the latest withdrawal, the day),
read at most once a second.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable

from fastapi import Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from krapte.bootstrap import Container
from krapte.vacancies import service

NO_SHARED_CACHE = "private, no-cache"
ENTRIES = 2048
ENTRY_LIMIT = 1024 * 1024

VERSION_TTL = 1.0
"""Seconds a store's vacancies version is reused, as the site does with the data version: a
published or withdrawn vacancy shows on the public pages within this time."""

_answers: dict[Hashable, Response] = {}
_versions: dict[int, tuple[float, Hashable]] = {}
_lock = threading.Lock()


def _recent_version(container: Container) -> Hashable | None:
    """The vacancies' version when read less than :data:`VERSION_TTL` ago, else ``None``."""
    with _lock:
        cached = _versions.get(id(container))
    if cached is not None and time.monotonic() - cached[0] < VERSION_TTL:
        return cached[1]
    return None


def _version(container: Container) -> Hashable:
    """The vacancies' version, read from the store (blocking: run it in a worker thread)."""
    moment = time.monotonic()
    found = service.version(container.unit_of_work())
    with _lock:
        _versions[id(container)] = (moment, found)
    return found


def forget() -> None:
    """Drop the versions and answers kept (tests that publish and read within a second)."""
    with _lock:
        _versions.clear()
        _answers.clear()


def uncached(response: Response) -> Response:
    response.headers["Cache-Control"] = NO_SHARED_CACHE
    return response


async def public(request: Request, container: Container, build: Callable[[], Response]) -> Response:
    """The answer ``build`` makes, from memory when the same anonymous request was answered
    within the same vacancies version. Called from ``async`` routes: an answer from memory costs
    no worker thread; ``build`` (queries, templates) runs in one."""
    if "cookie" in request.headers or "authorization" in request.headers:
        return uncached(await run_in_threadpool(build))
    version = _recent_version(container)
    if version is None:
        version = await run_in_threadpool(_version, container)
    key = (
        version,
        request.url.path,
        request.url.query,
        request.headers.get("accept", "")[:100],
    )
    with _lock:
        found = _answers.get(key)
    if found is not None:
        return Response(found.body, status_code=found.status_code, headers=dict(found.headers))
    answer = uncached(await run_in_threadpool(build))
    keep = "set-cookie" not in answer.headers and len(answer.body) <= ENTRY_LIMIT
    if answer.status_code == 200 and keep:
        with _lock:
            if len(_answers) >= ENTRIES:
                _answers.clear()
            _answers[key] = answer
    return answer
