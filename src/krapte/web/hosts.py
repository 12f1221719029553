"""Allowed hosts (``KRAPTE_ALLOWED_HOSTS``): Starlette's TrustedHostMiddleware, refusing in Dutch.

Starlette decides whether the ``Host`` header is allowed; a refused request gets krapte's own
400 page or JSON (:func:`krapte.web.errors.error_response`) instead of Starlette's English
"Invalid host header". The refusal never repeats the host it was sent.
"""

from __future__ import annotations

from typing import Final

from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from krapte.web.i18n import N_, _

WRONG_HOST: Final = N_("Deze site is niet bereikbaar onder deze naam.")
_PASSED: Final = "krapte.allowed_host"


class AllowedHosts:
    """Answers only requests for one of ``hosts`` (see the module's description)."""

    def __init__(self, app: ASGIApp, hosts: list[str]) -> None:
        self.app = app
        self.check = TrustedHostMiddleware(self._allowed, allowed_hosts=hosts, www_redirect=False)

    async def _allowed(self, scope: Scope, receive: Receive, send: Send) -> None:
        scope[_PASSED] = True
        await self.app(scope, receive, send)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.check(scope, receive, send)
            return
        refused = False

        async def checked_send(message: Message) -> None:
            nonlocal refused
            if scope.get(_PASSED):
                await send(message)
            else:
                refused = True  # Starlette's own refusal: replaced below

        await self.check(scope, receive, checked_send)
        if refused:
            from krapte.web.errors import error_response

            response = error_response(Request(scope, receive), 400, _(WRONG_HOST))
            await response(scope, receive, send)
