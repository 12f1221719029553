"""Personal answers are never stored: ``Cache-Control: no-store`` on every answer to a request
with a session cookie or an ``Authorization`` header, and on every answer that sets a cookie.
Static files (``/static/``) keep their own caching: they are the same for everyone.

(The public answer cache, :mod:`krapte.web.response_cache`, already skips such requests; this
tells browsers and proxies the same.)
"""

from __future__ import annotations

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from krapte.web.deps import SESSION_COOKIE

NO_STORE = "no-store"


def _personal(headers: Headers) -> bool:
    if "authorization" in headers:
        return True
    return f"{SESSION_COOKIE}=" in headers.get("cookie", "")


class PrivateAnswers:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/static/"):
            await self.app(scope, receive, send)
            return
        personal = _personal(Headers(scope=scope))

        async def marking_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if personal or "set-cookie" in headers:
                    headers["cache-control"] = NO_STORE
            await send(message)

        await self.app(scope, receive, marking_send)
