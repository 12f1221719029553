"""A site with the bundled data and one imported file, and every GET route's example URL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from fastapi import FastAPI
from fastapi.routing import RouteContext, iter_route_contexts
from starlette.routing import Mount

from krapte.bootstrap import Container, bootstrap, initialise
from krapte.datahub.core.importer import ImportOptions
from krapte.datahub.import_service import import_file
from krapte.settings import Settings

#: The dataset the imported file becomes; its file lies in a folder whose name must never show.
IMPORTED = "geimporteerd"
SECRET_FOLDER = "geheime-map-van-de-server"


def imported_site(root: Path, **settings: object) -> Container:
    """A store with the bundled data plus a CSV imported from a folder under ``root``."""
    container = bootstrap(Settings(home=root / "home", **settings))  # type: ignore[arg-type]
    initialise(container)
    folder = root / SECRET_FOLDER
    folder.mkdir()
    csv = folder / "dataloep-export.csv"
    csv.write_text("instelling;opleiding;2023;2024\nHOGENT;sociaal werk;1.938;2.001\n", "utf-8")
    import_file(container.unit_of_work(write=True), csv, ImportOptions(dataset=IMPORTED))
    return container


def _example_path(path: str) -> str:
    """The route's path with every parameter filled in (datasets: the imported one)."""
    filled = path
    while "{" in filled:
        start = filled.index("{")
        end = filled.index("}", start)
        filled = filled[:start] + IMPORTED + filled[end + 1 :]
    return filled


def get_urls(app: FastAPI) -> list[str]:
    """One URL per GET route of the app (other helpers' new routes included), and a static file.

    Every URL carries ``dataset=<the imported dataset>``: routes that need it use it, the others
    ignore it.
    """
    urls: list[str] = []
    for route in routes(app):
        if isinstance(route.original_route, Mount):
            urls.append("/static/krapte.css")
        elif route.path and "GET" in (route.methods or set()):
            urls.append(_example_path(route.path) + f"?dataset={IMPORTED}")
    return sorted(set(urls))


def routes(app: FastAPI) -> Iterator[RouteContext]:
    """Every route of the app, those of included routers too (FastAPI includes them lazily)."""
    yield from iter_route_contexts(app.routes)
