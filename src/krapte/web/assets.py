"""The site's own static files, served with versioned URLs so browsers may keep them a year.

Templates link to ``{{ asset('krapte.css') }}``, which is ``/static/krapte.css?v=<hash>``: an
absolute path (never built from the request's ``Host`` header) whose ``v`` changes with the
file's content. Such requests are cached for a year (``immutable``); a request without the
current ``v`` is cached for an hour only.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import Final

from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

STATIC: Final = Path(__file__).parent / "static"
PREFIX: Final = "/static/"
LONG: Final = "public, max-age=31536000, immutable"
SHORT: Final = "public, max-age=3600"


@cache
def fingerprint(name: str) -> str:
    """The first 12 hex digits of the SHA-256 of a static file (read once per process)."""
    return hashlib.sha256((STATIC / name).read_bytes()).hexdigest()[:12]


def asset(name: str) -> str:
    """The versioned absolute URL of a static file: ``/static/<name>?v=<fingerprint>``."""
    return f"{PREFIX}{name}?v={fingerprint(name)}"


class Assets(StaticFiles):
    """Starlette's static files with caching headers by fingerprint."""

    def __init__(self) -> None:
        super().__init__(directory=STATIC)

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        if response.status_code in (200, 304):
            query = scope.get("query_string", b"").decode("latin-1")
            current = (STATIC / path).is_file() and query == f"v={fingerprint(path)}"
            response.headers["cache-control"] = LONG if current else SHORT
        return response
