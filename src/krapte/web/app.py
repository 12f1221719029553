"""Application factory: ``create_app(container)`` mounts every capability's router."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from krapte import __version__
from krapte.bootstrap import Container, bootstrap
from krapte.capability import resolve
from krapte.web import errors

STATIC = Path(__file__).parent / "static"


def create_app(container: Container | None = None) -> FastAPI:
    app = FastAPI(
        title="krapte",
        version=__version__,
        description="Data, prognoses en gedeelde systemen tegen de krapte in het sociaal werk.",
        # The API is described under its own prefix; its page is served by the app itself
        # (no documentation viewer loaded from a CDN).
        openapi_url="/api/v1/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    app.state.container = container or bootstrap()
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for capability in app.state.container.capabilities:
        if capability.router is not None:
            app.include_router(resolve(capability.router))
    errors.install(app)
    return app
