"""Application factory: ``create_app(container)`` mounts every capability's router."""

from __future__ import annotations

from typing import Any

from fastapi import Depends, FastAPI
from starlette.middleware.gzip import GZipMiddleware
from starlette.types import ASGIApp

from krapte import __version__
from krapte.bootstrap import Container, bootstrap
from krapte.capability import resolve
from krapte.web import csrf, errors, openapi
from krapte.web.assets import Assets
from krapte.web.hosts import AllowedHosts
from krapte.web.observe import Observe
from krapte.web.private import PrivateAnswers
from krapte.web.response_cache import ResponseCache
from krapte.web.security import SiteGuard, rate_limiter

#: Responses smaller than this are sent as they are; larger HTML and JSON are gzipped.
GZIP_MINIMUM_BYTES = 1024


class Site(FastAPI):
    """FastAPI with :class:`Observe` (request id, log line, latency) outside everything, then
    :class:`SiteGuard` (Starlette's error pages included), the allowed hosts, and the
    :class:`ResponseCache` of public answers inside them (so cached answers still get their
    headers, bounds, host check and rate limits)."""

    def build_middleware_stack(self) -> ASGIApp:
        container: Container = self.state.container
        inner: ASGIApp = ResponseCache(super().build_middleware_stack(), container)
        hosts = container.settings.host_names
        if hosts != ["*"]:
            inner = AllowedHosts(inner, hosts)
        return Observe(SiteGuard(inner, container.settings, self.state.limiter))


def create_app(container: Container | None = None) -> FastAPI:
    app = Site(
        title="krapte",
        version=__version__,
        summary="De open cijfers van krapte: datasets, cijfers, prognoses, controles en "
        "beweringen over de krapte in het sociaal werk.",
        description="Data, prognoses en gedeelde systemen tegen de krapte in het sociaal werk.",
        # The API is described under its own prefix; its page (/api) is rendered by the app
        # itself from this document (no documentation viewer loaded from a CDN).
        openapi_url="/api/v1/openapi.json",
        docs_url=None,
        redoc_url=None,
        # Every unsafe request from a browser carries the CSRF token (krapte.web.csrf).
        dependencies=[Depends(csrf.protect)],
    )
    app.state.container = container or bootstrap()
    app.state.limiter = rate_limiter(app.state.container.settings)
    app.add_middleware(PrivateAnswers)
    app.add_middleware(GZipMiddleware, minimum_size=GZIP_MINIMUM_BYTES)
    app.mount("/static", Assets(), name="static")
    from krapte.web.api_page import router as api_page
    from krapte.web.health import router as health

    app.include_router(api_page)
    app.include_router(health)
    for capability in app.state.container.capabilities:
        if capability.router is not None:
            app.include_router(resolve(capability.router))
    errors.install(app)
    openapi.install(app)
    return app


def create_served_app() -> Any:
    """The app of ``krapte serve`` (an import string, so that uvicorn can start workers)."""
    return create_app()
