"""Application factory: ``create_app(container)`` wires the routes to a bootstrapped container."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from krapte import __version__
from krapte.bootstrap import Container, bootstrap
from krapte.web import errors
from krapte.web.routes import datasets

STATIC = Path(__file__).parent / "static"


def create_app(container: Container | None = None) -> FastAPI:
    app = FastAPI(
        title="krapte",
        version=__version__,
        description="Data, prognoses en gedeelde systemen tegen de krapte in het sociaal werk.",
    )
    app.state.container = container or bootstrap()
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(datasets.router)
    errors.install(app)
    return app
