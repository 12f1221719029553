"""The forecast's pages: scenarios compared (`/prognose`), one scenario, the parameters, the
charts (SVG) and the comparison as CSV.

Routes parse the request, take the cached forecast of this data version
(:mod:`krapte.forecast.cache`) and render; nothing here runs the model.
"""

from __future__ import annotations

import io
from functools import lru_cache
from typing import Annotated, Final

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from krapte.datahub.core.records import FLANDERS
from krapte.errors import NotFound
from krapte.forecast.charts import Spec, gap_fan_spec, hiring_need_panels_spec
from krapte.forecast.core import scenarios
from krapte.forecast.core.provenance import KINDS
from krapte.forecast.published import PublishedForecast
from krapte.forecast.results import resolve_region
from krapte.forecast.routes.common import (
    MAX_SCENARIOS,
    NAME_LENGTH,
    ScenarioName,
    chosen,
    forecast_of,
    scenarios_of,
)
from krapte.forecast.routes.overview import KEPT_VIEWS, detail, overview, parameter_lines
from krapte.tabular import write_csv
from krapte.web.charts import svg_response
from krapte.web.deps import ContainerDep
from krapte.web.templating import render

router = APIRouter(prefix="/prognose", include_in_schema=False)

#: The source line under every chart on the site (the command line's names a command).
SOURCE: Final = (
    "Bron: krapte-prognose op het rapport Arbeidsmarktkrapte in Sociaal Werk (2025) en externe "
    "bronnen (zie Prognose › Parameters)."
)

Scenarios = Annotated[list[ScenarioName] | None, Query(max_length=MAX_SCENARIOS)]
Region = Annotated[str, Query(max_length=32)]


@router.get("", response_class=HTMLResponse)
def forecast_page(
    request: Request, container: ContainerDep, scenario: Scenarios = None, regio: Region = FLANDERS
) -> HTMLResponse:
    published = forecast_of(container)
    view = overview(published, chosen(scenario), resolve_region(regio))
    return render(
        request,
        "prognose.html",
        {"view": view, "published": published, "source": SOURCE},
    )


@router.get("/vergelijking.csv")
def comparison_csv(
    container: ContainerDep, scenario: Scenarios = None, regio: Region = FLANDERS
) -> Response:
    """The comparison table of the page as CSV (English keys, plain numbers)."""
    published = forecast_of(container)
    rows = [row.as_dict() for row in published.comparison(chosen(scenario), regio)]
    stream = io.StringIO()
    header = list(rows[0])
    write_csv(stream, header, [[row[key] for key in header] for row in rows])
    return Response(
        stream.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="prognose-vergelijking.csv"'},
    )


@lru_cache(maxsize=KEPT_VIEWS)
def _chart(published: PublishedForecast, kind: str, names: tuple[str, ...], region: str) -> Spec:
    projections = published.select(names)
    if kind == "tekort":
        return gap_fan_spec(projections, region, SOURCE)
    return hiring_need_panels_spec(projections, region, SOURCE)


@router.get("/tekort.svg")
def gap_chart(
    request: Request, container: ContainerDep, scenario: Scenarios = None, regio: Region = FLANDERS
) -> Response:
    """The gap's median and 80% band, one panel per scenario beside the baseline."""
    published = forecast_of(container)
    return svg_response(
        request, _chart(published, "tekort", chosen(scenario), resolve_region(regio))
    )


@router.get("/aanwervingsbehoefte.svg")
def hiring_chart(
    request: Request, container: ContainerDep, scenario: Scenarios = None, regio: Region = FLANDERS
) -> Response:
    """The yearly hiring need (expansion and replacement), one panel per scenario."""
    published = forecast_of(container)
    return svg_response(
        request,
        _chart(published, "aanwervingsbehoefte", chosen(scenario), resolve_region(regio)),
    )


@router.get("/parameters", response_class=HTMLResponse)
def parameters_page(
    request: Request,
    container: ContainerDep,
    scenario: Annotated[str, Query(max_length=NAME_LENGTH)] = scenarios.BASELINE,
) -> HTMLResponse:
    found = scenarios_of(container)
    lines = parameter_lines(found, scenario)
    counts = {kind: sum(1 for line in lines if line.provenance_kind == kind) for kind in KINDS}
    return render(
        request,
        "prognose_parameters.html",
        {
            "scenario": found.find(scenario),
            "scenarios": found.scenarios,
            "rows": lines,
            "counts": {kind: count for kind, count in counts.items() if count},
        },
    )


@router.get("/{name}", response_class=HTMLResponse)
def scenario_page(
    request: Request,
    container: ContainerDep,
    name: str,
    regio: Region = FLANDERS,
) -> HTMLResponse:
    published = forecast_of(container)
    if len(name) > NAME_LENGTH or name not in published.names:
        known = ", ".join(published.names)
        raise NotFound(f"onbekend scenario: {name[:NAME_LENGTH]} (kies uit {known})")
    view = detail(published, name, resolve_region(regio))
    changed = [line for line in parameter_lines(scenarios_of(container), name) if line.changed]
    return render(
        request,
        "prognose_scenario.html",
        {"view": view, "published": published, "source": SOURCE, "changed": changed},
    )
