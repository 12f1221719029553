"""The dashboard (`/`), its charts and the indicators API (`/api/v1/indicators`).

The dashboard's figures are computed once per data version (:class:`PerDataVersion`); a request
only renders the template or serves the cached chart.
"""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse
from starlette.responses import Response

from krapte.bootstrap import Container
from krapte.indicators.charts import key_figure_spec, province_spec
from krapte.indicators.core.dashboard import KeyFigure, province_table
from krapte.indicators.schemas import (
    IndicatorsOut,
    KeyFigureOut,
    ProvinceFigureOut,
    ProvincesOut,
    TensionOut,
)
from krapte.indicators.service import PROVINCE_DATASETS, Dashboard, dashboard
from krapte.web.cache import PerDataVersion
from krapte.web.charts import svg_response
from krapte.web.deps import ContainerDep
from krapte.web.i18n import _
from krapte.web.site import data_version
from krapte.web.templating import render

router = APIRouter()

DASHBOARD: PerDataVersion[Dashboard] = PerDataVersion(
    lambda container: dashboard(container.unit_of_work())
)
#: Titles of the province charts, per dataset.
PROVINCE_TITLES = {
    "inschrijvingen": "Inschrijvingen per provincie van de campus",
    "studiestarters": "Studiestarters per provincie van de campus",
}


def explore_url(
    dataset: str, measure: str = "", level: str = "", province: str = "", category: str = ""
) -> str:
    """A link into the data explorer with the figure's selection as query parameters."""
    query = {
        "dataset": dataset,
        "measure": measure,
        "level": level,
        "province": province,
        "category": category,
    }
    return "/cijfers?" + urlencode({key: value for key, value in query.items() if value})


def figure_url(figure: KeyFigure) -> str:
    return explore_url(figure.dataset, figure.measure, figure.level, category=figure.category)


def _board(container: Container) -> Dashboard:
    return DASHBOARD.get(container)


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def dashboard_page(request: Request, container: ContainerDep) -> HTMLResponse:
    board = _board(container)
    provinces = province_table(board.provinces, PROVINCE_DATASETS)
    return render(
        request,
        "dashboard.html",
        {
            "board": board,
            "provinces": provinces,
            "province_datasets": [
                name
                for name in PROVINCE_DATASETS
                if any(c.dataset == name for c in provinces.columns)
            ],
            "province_titles": {name: _(title) for name, title in PROVINCE_TITLES.items()},
            "figure_url": figure_url,
            "explore_url": explore_url,
        },
    )


@router.get("/grafieken/kerncijfers/{key}.svg", include_in_schema=False)
def key_figure_chart(
    request: Request, container: ContainerDep, key: str = Path(max_length=60)
) -> Response:
    return svg_response(request, key_figure_spec(_board(container).figure(key)))


@router.get("/grafieken/provincies/{dataset}.svg", include_in_schema=False)
def province_chart(
    request: Request, container: ContainerDep, dataset: str = Path(max_length=60)
) -> Response:
    board = _board(container)
    table = province_table(board.provinces, [dataset])
    if not table.columns:
        from krapte.errors import NotFound

        raise NotFound(f"geen provinciecijfers voor {dataset}")
    years = {column.level: column.year for column in table.columns}
    title = _(PROVINCE_TITLES.get(dataset, dataset))
    suffix = ", ".join(f"{level} {year}" for level, year in years.items())
    return svg_response(request, province_spec(board.provinces, dataset, title, suffix, years))


@router.get(
    "/api/v1/indicators",
    summary="Kerncijfers van het dashboard",
    description="Elk kerncijfer met zijn reeks, laatste waarde, verandering en bron, en de "
    "spanningsratio waar vacatures bekend zijn.",
    tags=["indicatoren"],
)
def indicators_api(container: ContainerDep) -> IndicatorsOut:
    board = _board(container)
    return IndicatorsOut(
        data_version=data_version(container).key,
        figures=[KeyFigureOut.of(figure, board) for figure in board.figures],
        tension=[TensionOut.of(row) for row in board.tension],
    )


@router.get(
    "/api/v1/indicators/provinces",
    summary="Cijfers per provincie",
    description="Inschrijvingen en studiestarters opgeteld per provincie van de campus, niveau "
    "en jaar.",
    tags=["indicatoren"],
)
def provinces_api(
    container: ContainerDep,
    dataset: str | None = Query(None, max_length=120, description="Dataset, bv. inschrijvingen."),
    level: str | None = Query(None, max_length=20, description="Niveau, bv. graduaat."),
    year: int | None = Query(None, ge=1900, le=2100, description="Jaar."),
) -> ProvincesOut:
    figures = [
        figure
        for figure in _board(container).provinces
        if (dataset is None or figure.dataset == dataset)
        and (level is None or figure.level == level)
        and (year is None or figure.year == year)
    ]
    return ProvincesOut(
        data_version=data_version(container).key,
        figures=[ProvinceFigureOut.of(figure) for figure in figures],
    )
