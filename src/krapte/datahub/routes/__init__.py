"""The data hub's pages: the explorer (`/cijfers`), its JSON API, and the pages about the data.

Routes only parse the request, call :mod:`krapte.datahub.service` (or the explorer's service)
and render. A dataset's page is the explorer filtered on that dataset; its `.json` twin pages in
SQL like the API does.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query
from fastapi.responses import RedirectResponse

from krapte.datahub import explorer, service
from krapte.datahub.core.selection import MAX_PAGE, MAX_PAGE_SIZE, Selection
from krapte.datahub.routes import report_pages
from krapte.datahub.routes.api import router as api_router
from krapte.datahub.routes.explorer_pages import router as explorer_router
from krapte.web.deps import UnitOfWorkDep

router = APIRouter()
router.include_router(explorer_router)
router.include_router(api_router)
# The pages about the data's quality and origin (Controles, Beweringen, Over de data).
router.include_router(report_pages.router)

ReleaseQuery = Query(None, description="Versie; standaard de laatste.")


@router.get("/datasets.json", include_in_schema=False)
def datasets_json(uow: UnitOfWorkDep) -> list[dict[str, Any]]:
    """Every dataset with its number of versions and rows."""
    return [d.as_dict() for d in service.list_datasets(uow)]


@router.get("/datasets/{name}.json", include_in_schema=False)
def dataset_json(
    name: str,
    uow: UnitOfWorkDep,
    release: int | None = ReleaseQuery,
    page: int = Query(1, ge=1, le=MAX_PAGE),
    page_size: int = Query(MAX_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE),
) -> dict[str, Any]:
    """One version of a dataset in the tidy format, a page of figures at a time."""
    selection = Selection(
        dataset=name,
        release=release,
        view="long",
        page=page,
        page_size=page_size,
    )
    found = explorer.explore(uow, selection)
    return {
        "name": found.dataset.name,
        "title": found.dataset.title,
        "description": found.dataset.description,
        "release": found.release.as_dict(),
        "releases": [r.version for r in found.releases],
        "sections": list(found.choices.sections),
        "sources": list(found.choices.sources),
        "page": page,
        "page_size": page_size,
        "total": found.total,
        "observations": [figure.observation.as_row() for figure in found.figures],
    }


@router.get("/datasets/{name}", include_in_schema=False)
def dataset_page(name: str, release: int | None = ReleaseQuery) -> RedirectResponse:
    """A dataset's page is the explorer filtered on it (the permalink of old links)."""
    target = Selection(dataset=name, release=release)
    return RedirectResponse(explorer_url(target), status_code=308)


def explorer_url(selection: Selection) -> str:
    from urllib.parse import urlencode

    return "/cijfers?" + urlencode(selection.query())
