"""Public vacancy answers kept in memory per vacancies version, never in the site's shared cache.

The site's response cache (:mod:`krapte.web.response_cache`) keys answers on the data hub's
version, which a published or withdrawn vacancy does not change: it would keep showing a search
without the new vacancy, or with a withdrawn one. So every public vacancy answer says
``Cache-Control: private, no-cache`` (the shared cache skips it, a browser asks again) and the
anonymous ones are kept here instead, keyed on the vacancies' own version
(:func:`krapte.vacancies.service.version`: the newest vacancy, the latest withdrawal, the day).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable

from fastapi import Request
from starlette.responses import Response

from krapte.bootstrap import Container
from krapte.vacancies import service

NO_SHARED_CACHE = "private, no-cache"
ENTRIES = 2048
ENTRY_LIMIT = 1024 * 1024

_answers: dict[Hashable, Response] = {}
_lock = threading.Lock()


def uncached(response: Response) -> Response:
    response.headers["Cache-Control"] = NO_SHARED_CACHE
    return response


def public(request: Request, container: Container, build: Callable[[], Response]) -> Response:
    """The answer ``build`` makes, from memory when the same anonymous request was answered
    within the same vacancies version."""
    if "cookie" in request.headers or "authorization" in request.headers:
        return uncached(build())
    key = (
        service.version(container.unit_of_work()),
        request.url.path,
        request.url.query,
        request.headers.get("accept", "")[:100],
    )
    with _lock:
        found = _answers.get(key)
    if found is not None:
        return Response(found.body, status_code=found.status_code, headers=dict(found.headers))
    answer = uncached(build())
    keep = "set-cookie" not in answer.headers and len(answer.body) <= ENTRY_LIMIT
    if answer.status_code == 200 and keep:
        with _lock:
            if len(_answers) >= ENTRIES:
                _answers.clear()
            _answers[key] = answer
    return answer
