"""A site with the bundled data and one imported file, and every GET route's example URL."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

from fastapi import FastAPI
from fastapi.routing import RouteContext, iter_route_contexts
from fastapi.testclient import TestClient
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
    from krapte.vacancies import demo as vacancies_demo  # vacancy pages need a vacancy to show

    vacancies_demo.load(container)
    return container


def _example_path(path: str) -> str:
    """The route's path with every parameter filled in (datasets: the imported one)."""
    filled = path
    while "{" in filled:
        start = filled.index("{")
        end = filled.index("}", start)
        filled = filled[:start] + IMPORTED + filled[end + 1 :]
    return filled


#: Pages and API routes that need a signed-in user or a one-time link (accounts, the placement
#: round): they are not public, and their own tests (tests/accounts, the access matrix) cover them.
PERSONAL = (
    "/aanmelden",
    "/afmelden",
    "/account",
    "/uitnodiging/",
    "/stages",
    "/api/v1/account",
    # the action plan's editing forms (tests/actionplan/routes/test_editing.py)
    "/actieplan/aanbevelingen/{number}/acties",
)
PERSONAL_API = ("/api/v1/stages", "/api/v1/werkkracht/organisaties")
#: The workforce monitor: an organisation's own pages are personal, its sector view is public.
PUBLIC_WORKFORCE = "/werkkracht/sector"
# the workforce pulse survey (tests/workforce/survey): organisation pages and one-time links
PERSONAL += ("/werkkracht/bevraging", "/bevraging/")
PERSONAL_API += ("/api/v1/werkkracht/bevragingen",)
#: The expert directory's one-time links, own and administrator's pages, and a person's profile
#: (route paths; the empty test site has no expert): tests/experts covers them.
PERSONAL_EXPERTS = (
    "/experten/{",
    "/experten/bevestigen/",
    "/experten/intrekken/",
    "/experten/mijn-profiel",
    "/experten/beheer",
    "/jobmeldingen/bevestigen/",
    "/jobmeldingen/uitschrijven/",
    "/api/v1/experts/{",
)
#: Routes of one stored record that the bundled data does not hold (a job fair), or that need a
#: signed-in organiser or a one-time link: the capability's own tests (tests/fairs) cover them.
OWN_RECORDS = (
    "/jobbeurzen/nieuw",
    "/jobbeurzen/annuleren/",
    "/jobbeurzen/{fair_id}",
    "/api/v1/jobbeurzen/{fair_id}",
)
#: Operations' endpoints that are not public (a token or this machine only; tests/operations).
PROTECTED = ("/metrics",)


def personal(path: str) -> bool:
    if path.startswith("/werkkracht") and not path.startswith(PUBLIC_WORKFORCE):
        return True
    return path.startswith(PERSONAL + PERSONAL_API + PERSONAL_EXPERTS + OWN_RECORDS + PROTECTED)


def get_urls(app: FastAPI) -> list[str]:
    """One URL per GET route of the app (other capabilities' new routes included), and a static
    file.

    A route with path parameters takes the first link or image of the site's own pages that it
    answers (a chart of the dashboard, a scenario of the forecast); a route no page links to gets
    the imported dataset's name. Routes without parameters carry ``dataset=<imported dataset>``:
    routes that need it use it, the others ignore it.
    """
    get_routes = [
        route
        for route in routes(app)
        if not isinstance(route.original_route, Mount)
        and route.path
        and "GET" in (route.methods or set())
        and not personal(route.path)
    ]
    plain = [route.path for route in get_routes if "{" not in route.path]
    linked = _links(app, plain)
    urls = ["/static/krapte.css"]
    for route in get_routes:
        if "{" not in route.path:
            urls.append(route.path + f"?dataset={IMPORTED}")
            continue
        pattern = re.compile(
            "^" + re.sub(r"\\{[^}]+\\}", "[^/?]+", re.escape(route.path)) + r"(\?.*)?$"
        )
        urls.append(next((url for url in linked if pattern.match(url)), _example_path(route.path)))
    return sorted(set(urls))


def _links(app: FastAPI, pages: list[str]) -> list[str]:
    """Every local ``href``/``src`` on the given pages, in the order they appear."""
    found: list[str] = []
    with TestClient(app) as client:
        for page in pages:
            answer = client.get(page)
            if answer.headers.get("content-type", "").startswith("text/html"):
                found.extend(
                    html.unescape(u) for u in re.findall(r'(?:href|src)="(/[^"]*)"', answer.text)
                )
    return found


def routes(app: FastAPI) -> Iterator[RouteContext]:
    """Every route of the app, those of included routers too (FastAPI includes them lazily)."""
    yield from iter_route_contexts(app.routes)
