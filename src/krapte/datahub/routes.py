"""The data hub's pages: the list of datasets and one dataset's figures, each also as JSON.

Routes only parse the request, call :mod:`krapte.datahub.service` and render.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from krapte.datahub import pages, service
from krapte.web.deps import UnitOfWorkDep
from krapte.web.templating import render

router = APIRouter()

ReleaseQuery = Query(None, description="Versie; standaard de laatste.")


@router.get("/datasets.json")
def datasets_json(uow: UnitOfWorkDep) -> list[dict[str, Any]]:
    """Every dataset with its number of versions and rows."""
    return [d.as_dict() for d in service.list_datasets(uow)]


@router.get("/datasets/{name}.json")
def dataset_json(
    name: str, uow: UnitOfWorkDep, release: int | None = ReleaseQuery
) -> dict[str, Any]:
    """One version of a dataset with all its observations in the tidy format."""
    return service.dataset_detail(uow, name, release).as_dict()


@router.get("/datasets/{name}", response_class=HTMLResponse, include_in_schema=False)
def dataset_page(
    request: Request, name: str, uow: UnitOfWorkDep, release: int | None = ReleaseQuery
) -> HTMLResponse:
    detail = service.dataset_detail(uow, name, release).as_dict()
    return render(request, "dataset.html", {"dataset": detail})


# The pages about the data's quality and origin (Controles, Beweringen, Over de data).
router.include_router(pages.router)
