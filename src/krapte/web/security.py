"""What a public site needs on every response: security headers, bounds, HEAD and rate limits.

:class:`SiteGuard` is a pure ASGI middleware that wraps the whole application, outside
Starlette's own error handling, so that every response gets its headers (pages, JSON, static
files, 404s and even the 500 page). For each request it

* answers ``HEAD`` like ``GET`` without a body, on every route (FastAPI's ``APIRoute`` alone
  answers 405);
* refuses a query string longer than ``max_query_length`` (414) or with more than
  ``max_query_parameters`` parameters (400), before any route parses it;
* limits ``/api/v1`` calls per client address with slowapi (429 with ``Retry-After``);
* replaces a response whose ``Content-Length`` exceeds ``max_response_bytes`` with a Dutch error,
  so no page can grow without bound (routes must page in SQL; this is the last line);
* adds Content-Security-Policy, X-Content-Type-Options, Referrer-Policy, X-Frame-Options,
  Permissions-Policy and, only when the request came over HTTPS, Strict-Transport-Security.

Error responses are Dutch, as HTML or JSON like every other error (:mod:`krapte.web.errors`).
"""

from __future__ import annotations

import math
import time
from typing import Final
from urllib.parse import parse_qsl

from slowapi import Limiter
from slowapi.errors import RateLimitExceeded
from slowapi.util import get_remote_address
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from krapte.settings import Settings
from krapte.web.i18n import N_, _

CONTENT_SECURITY_POLICY: Final = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)
HEADERS: Final = (
    ("content-security-policy", CONTENT_SECURITY_POLICY),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "strict-origin-when-cross-origin"),
    ("x-frame-options", "DENY"),
    ("permissions-policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
    ("cross-origin-opener-policy", "same-origin"),
)
HSTS: Final = ("strict-transport-security", "max-age=31536000; includeSubDomains")
#: Paths whose requests count against the API's rate limit.
API_PREFIX: Final = "/api/v1/"

TOO_LONG: Final = N_(
    "Het webadres is te lang: de vraag telt meer dan {limit} tekens. Kies minder filters."
)
TOO_MANY: Final = N_(
    "Het webadres heeft te veel parameters (meer dan {limit}). Kies minder filters."
)
TOO_BIG: Final = N_(
    "Het antwoord is te groot om te versturen. Kies een kleinere selectie of een kleinere pagina."
)
TOO_FAST: Final = N_(
    "Je stelt te veel vragen na elkaar aan de API. Wacht {seconds} seconden en probeer opnieuw."
)


def rate_limiter(settings: Settings) -> Limiter:
    """One bucket per client address over all of ``/api/v1``, counted in the storage of
    ``settings.rate_limit_uri`` (by default a file every worker shares:
    :mod:`krapte.web.shared_limits`). Behind a trusted proxy the address is the real client's
    (uvicorn's proxy headers, see ``KRAPTE_TRUSTED_PROXIES``)."""
    import krapte.web.shared_limits  # noqa: F401  (registers the sqlitefile:// storage)

    return Limiter(
        key_func=get_remote_address,
        application_limits=[settings.api_rate_limit],
        headers_enabled=True,
        storage_uri=settings.rate_limit_uri,
        key_prefix="krapte-api",
    )


def _add_headers(message: Message, https: bool) -> None:
    headers = MutableHeaders(scope=message)
    for name, value in HEADERS:
        headers.setdefault(name, value)
    if https:
        headers.setdefault(*HSTS)


class SiteGuard:
    """The outermost layer of the site (see the module's description)."""

    def __init__(self, app: ASGIApp, settings: Settings, limiter: Limiter) -> None:
        self.app = app
        self.settings = settings
        self.limiter = limiter

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        head = scope["method"] == "HEAD"
        outer = scope
        if head:  # route it as GET; the body is dropped below
            scope = {**scope, "method": "GET"}
        https = scope.get("scheme") == "https"
        started = False
        replaced = False

        async def guarded_send(message: Message) -> None:
            nonlocal started, replaced
            if replaced:
                return
            if message["type"] == "http.response.start":
                length = MutableHeaders(scope=message).get("content-length", "")
                if not started and length.isdigit() and int(length) > self._max_bytes():
                    replaced = True
                    await self._refuse(scope, receive, send, head, https, 500, _(TOO_BIG))
                    return
                started = True
                _add_headers(message, https)
            elif message["type"] == "http.response.body" and head:
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        refusal = self._check_request(scope)
        if refusal is not None:
            status, text, extra = refusal
            await self._refuse(scope, receive, send, head, https, status, text, extra)
            return
        try:
            await self.app(scope, receive, guarded_send)
        finally:
            if head:  # what routing found, for the request's log line (krapte.web.observe)
                outer.update(
                    {k: scope[k] for k in ("route", "endpoint", "root_path") if k in scope}
                )

    def _max_bytes(self) -> int:
        return self.settings.max_response_bytes

    def _check_request(self, scope: Scope) -> tuple[int, str, dict[str, str]] | None:
        query: bytes = scope.get("query_string", b"")
        if len(query) > self.settings.max_query_length:
            return 414, _(TOO_LONG).format(limit=self.settings.max_query_length), {}
        if query:
            pairs = parse_qsl(query.decode("latin-1"), keep_blank_values=True)
            if len(pairs) > self.settings.max_query_parameters:
                return 400, _(TOO_MANY).format(limit=self.settings.max_query_parameters), {}
        if scope["path"].startswith(API_PREFIX):
            return self._check_rate(scope)
        return None

    def _check_rate(self, scope: Scope) -> tuple[int, str, dict[str, str]] | None:
        request = Request(scope)
        try:
            self.limiter._check_request_limit(request, None, True)
        except RateLimitExceeded:
            limit, key = request.state.view_rate_limit  # the limit that was hit, and its key
            reset = self.limiter.limiter.get_window_stats(limit, *key)[0]
            seconds = max(1, math.ceil(reset - time.time()))
            return 429, _(TOO_FAST).format(seconds=seconds), {"retry-after": str(seconds)}
        return None

    async def _refuse(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        head: bool,
        https: bool,
        status: int,
        text: str,
        extra: dict[str, str] | None = None,
    ) -> None:
        from krapte.web.errors import error_response

        response = error_response(Request(scope, receive), status, text)
        for name, value in (extra or {}).items():
            response.headers[name] = value

        async def send_refusal(message: Message) -> None:
            if message["type"] == "http.response.start":
                _add_headers(message, https)
            elif head:
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await response(scope, receive, send_refusal)
