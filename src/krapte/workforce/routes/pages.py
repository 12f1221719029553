"""The workforce monitor's pages: an organisation's own indicators (with charts) and import, and
the sector's protected tables (public; breakdowns by two dimensions for analysts).

Routes parse, call the service (which asks the permission function) and render; charts are SVG
drawn on the server, each followed by a table with the same figures.
"""

from __future__ import annotations

from typing import Annotated, Final, TypeVar
from urllib.parse import quote

from fastapi import APIRouter, File, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.responses import Response

from krapte.errors import InvalidInput
from krapte.web.charts import svg_response
from krapte.web.deps import ActorDep, ContainerDep
from krapte.web.i18n import _
from krapte.web.templating import render
from krapte.workforce import charts, service
from krapte.workforce.core.records import EXIT_REASONS
from krapte.workforce.core.sector import BREAKDOWNS
from krapte.workforce.core.staff_file import COLUMNS, OPTIONAL
from krapte.workforce.routes.api import (
    BreakdownKey,
    OrganisationName,
    breakdown,
    import_upload,
)
from krapte.workforce.views import DIMENSION_LABELS

router = APIRouter()

MEASURES: Final = ("headcount", "inflow", "outflow", "turnover_rate")
Measure = Annotated[str, Query(max_length=20, pattern="^(headcount|inflow|outflow|turnover_rate)$")]
BreakdownQuery = Annotated[BreakdownKey, Query()]


def _measure_labels() -> dict[str, str]:
    return {
        "headcount": _("Sociaal werkers op 31 december"),
        "inflow": _("Instroom"),
        "outflow": _("Uitstroom"),
        "turnover_rate": _("Verloop"),
    }


def _breakdown_labels() -> dict[str, str]:
    return {",".join(b): " × ".join(_(DIMENSION_LABELS[d]) for d in b) for b in BREAKDOWNS}


@router.get("/werkkracht", response_class=HTMLResponse, include_in_schema=False)
def home(request: Request, container: ContainerDep, actor: ActorDep) -> HTMLResponse:
    organisations = service.list_organisations(container.unit_of_work(), actor)
    return render(request, "werkkracht.html", {"organisations": organisations})


R = TypeVar("R", bound=Response)


def fresh(response: R) -> R:
    """The sector's figures change with every staff import, which the site's answer cache (keyed
    on the data hub's version) does not see: never keep them there, so that every breakdown a
    visitor sees comes from the same records."""
    response.headers["Cache-Control"] = "private, no-cache"
    return response


@router.get("/werkkracht/sector", response_class=HTMLResponse, include_in_schema=False)
def sector_page(
    request: Request,
    container: ContainerDep,
    actor: ActorDep,
    indeling: BreakdownQuery = "subsector",
    maat: Measure = "headcount",
) -> HTMLResponse:
    by = breakdown(indeling)
    table = service.sector(container.unit_of_work(), actor, by)
    detail = service.may_read_sector_detail(actor)
    keys: list[tuple[str, ...]] = []
    values: dict[tuple[tuple[str, ...], int], object] = {}
    reasons: dict[tuple[tuple[str, ...], int], str] = {}
    for row in table.rows:
        if row.key not in keys:
            keys.append(row.key)
        values[row.key, row.year] = getattr(row, maat)
        if getattr(row, maat) is None:
            reasons[row.key, row.year] = row.suppressed
    context = {
        "table": table,
        "by": ",".join(by),
        "by_labels": [_(DIMENSION_LABELS[d]) for d in by],
        "measure": maat,
        "measure_labels": _measure_labels(),
        "breakdowns": {
            key: label for key, label in _breakdown_labels().items() if detail or "," not in key
        },
        "keys": keys,
        "values": values,
        "reasons": reasons,
        "chart": len(by) == 1 and bool(table.rows),
    }
    return fresh(render(request, "werkkracht_sector.html", context))


@router.get("/werkkracht/sector/grafiek.svg", include_in_schema=False)
def sector_chart(
    request: Request,
    container: ContainerDep,
    actor: ActorDep,
    indeling: BreakdownQuery = "subsector",
    maat: Measure = "headcount",
) -> Response:
    by = breakdown(indeling)
    table = service.sector(container.unit_of_work(), actor, by)
    label = DIMENSION_LABELS[by[0]].lower()
    return fresh(svg_response(request, charts.sector_spec(table, maat, label)))


@router.get("/werkkracht/{name}", response_class=HTMLResponse, include_in_schema=False)
def organisation_page(
    request: Request,
    container: ContainerDep,
    actor: ActorDep,
    name: OrganisationName,
    gedaan: Annotated[str | None, Query(max_length=20)] = None,
) -> HTMLResponse:
    found = service.organisation_indicators(container.unit_of_work(), actor, name)
    organisation = service.get_organisation(container.unit_of_work(), name)
    context = {
        "organisation": organisation,
        "indicators": found,
        "imported": gedaan == "ingelezen",
        "exit_years": sorted({e.year for e in found.exits}),
        "exit_counts": {(e.year, e.reason): e.count for e in found.exits},
        "exit_reasons": [r for r in EXIT_REASONS if any(e.reason == r for e in found.exits)],
        "team_years": sorted({t.year for t in found.team_mix}),
        "team": {(t.year, t.level): t for t in found.team_mix},
    }
    return render(request, "werkkracht_organisatie.html", context)


@router.get("/werkkracht/{name}/verloop.svg", include_in_schema=False)
def turnover_chart(
    request: Request, container: ContainerDep, actor: ActorDep, name: OrganisationName
) -> Response:
    found = service.organisation_indicators(container.unit_of_work(), actor, name)
    return _private(svg_response(request, charts.turnover_spec(found)))


@router.get("/werkkracht/{name}/teammix.svg", include_in_schema=False)
def team_chart(
    request: Request, container: ContainerDep, actor: ActorDep, name: OrganisationName
) -> Response:
    found = service.organisation_indicators(container.unit_of_work(), actor, name)
    return _private(svg_response(request, charts.team_mix_spec(found)))


def _private(response: Response) -> Response:
    """An organisation's own chart: never kept by a shared cache."""
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _import_page(
    request: Request, name: str, problems: list[object], status: int = 200
) -> HTMLResponse:
    context = {
        "name": name,
        "problems": problems,
        "columns": COLUMNS,
        "optional": OPTIONAL,
        "exit_reasons": EXIT_REASONS,
    }
    return render(request, "werkkracht_importeren.html", context, status)


@router.get("/werkkracht/{name}/importeren", response_class=HTMLResponse, include_in_schema=False)
def import_form(
    request: Request, container: ContainerDep, actor: ActorDep, name: OrganisationName
) -> HTMLResponse:
    service.organisation_indicators(container.unit_of_work(), actor, name)  # who may see it
    return _import_page(request, name, [])


@router.post("/werkkracht/{name}/importeren", response_class=HTMLResponse, include_in_schema=False)
def import_file(
    request: Request,
    container: ContainerDep,
    actor: ActorDep,
    name: OrganisationName,
    bestand: Annotated[UploadFile, File(description="CSV- of Excel-bestand met personeel.")],
) -> Response:
    try:
        import_upload(container, actor, name, bestand)
    except InvalidInput as refused:
        return _import_page(request, name, list(refused.problems), 422)
    return RedirectResponse(f"/werkkracht/{quote(name, safe='')}?gedaan=ingelezen", 303)
