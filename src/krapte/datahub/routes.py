"""The data hub's pages: the list of datasets and one dataset's figures (HTML and JSON)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from krapte.datahub import repository
from krapte.web.deps import SessionDep
from krapte.web.templating import templates

router = APIRouter()


def _dataset_list(session: SessionDep) -> list[dict[str, Any]]:
    return [
        {
            "name": d.name,
            "title": d.title,
            "description": d.description,
            "releases": len(d.releases),
            "latest_release": d.releases[-1].version if d.releases else None,
            "rows": d.releases[-1].row_count if d.releases else 0,
        }
        for d in repository.list_datasets(session)
    ]


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def home(request: Request, session: SessionDep) -> HTMLResponse:
    return templates.TemplateResponse(
        request, "datasets.html", {"datasets": _dataset_list(session)}
    )


@router.get("/datasets.json")
def datasets_json(session: SessionDep) -> list[dict[str, Any]]:
    """Every dataset with its number of releases and rows."""
    return _dataset_list(session)


def _dataset_detail(session: SessionDep, name: str, release: int | None) -> dict[str, Any]:
    try:
        chosen = repository.get_release(session, name, release)
        observations = repository.fetch_observations(session, name, version=release)
    except repository.UnknownDatasetError as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from exc
    dataset = chosen.dataset
    return {
        "name": dataset.name,
        "title": dataset.title,
        "description": dataset.description,
        "release": {
            "version": chosen.version,
            "label": chosen.label,
            "origin": chosen.origin,
            "imported_at": chosen.imported_at.isoformat(),
        },
        "releases": [r.version for r in dataset.releases],
        "sections": sorted({obs.section for obs in observations if obs.section}),
        "sources": sorted({obs.source for obs in observations if obs.source}),
        "observations": [obs.as_row() for obs in observations],
    }


@router.get("/datasets/{name}.json")
def dataset_json(
    name: str,
    session: SessionDep,
    release: int | None = Query(None, description="Versie; standaard de laatste."),
) -> dict[str, Any]:
    """One release of a dataset with all its observations in the tidy format."""
    return _dataset_detail(session, name, release)


@router.get("/datasets/{name}", response_class=HTMLResponse, include_in_schema=False)
def dataset_page(
    request: Request, name: str, session: SessionDep, release: int | None = None
) -> HTMLResponse:
    return templates.TemplateResponse(
        request, "dataset.html", {"dataset": _dataset_detail(session, name, release)}
    )
