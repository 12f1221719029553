"""The data explorer's pages (`/cijfers`): the form, the chart, the table and the downloads.

Every view of the explorer is a GET request whose query is the selection
(:func:`krapte.datahub.core.selection.parse_selection`), so the address is the permalink; the
chart (`/cijfers/grafiek.svg`) and the downloads (`/cijfers.csv`, `/cijfers.xlsx`) take the same
query and show exactly the same figures.
"""

from __future__ import annotations

import threading
from typing import Any, Final
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from krapte.bootstrap import Container
from krapte.datahub import downloads, explorer, service
from krapte.datahub.core.explorer import WIDE_KEYS
from krapte.datahub.core.records import DatasetSummary
from krapte.datahub.core.selection import (
    DEFAULT_PAGE_SIZE,
    FIELD_LABELS,
    GROUPS,
    Selection,
    parse_selection,
)
from krapte.datahub.explorer_chart import MAX_SERIES, chart_spec, chart_title
from krapte.errors import InvalidInput
from krapte.web.charts import svg_response
from krapte.web.deps import ContainerDep, UnitOfWorkDep
from krapte.web.i18n import _
from krapte.web.site import data_version
from krapte.web.templating import render

router = APIRouter()

#: Dutch labels of the columns (machine keys stay English in downloads and the API).
LABELS: Final = {
    "measure": "Maatstaf",
    "period": "Periode",
    "geography": "Regio",
    "province": "Provincie",
    "institution": "Instelling",
    "programme": "Opleiding",
    "level": "Niveau",
    "category": "Categorie",
    "unit": "Eenheid",
    "value": "Waarde",
}
PAGE_SIZES: Final = (25, 50, 100, 250, 500)

_lock = threading.Lock()
_datasets: dict[int, tuple[str, list[DatasetSummary]]] = {}


def _dataset_list(container: Container) -> list[DatasetSummary]:
    """Every dataset, read once per data version."""
    key = data_version(container).key
    with _lock:
        cached = _datasets.get(id(container))
    if cached is not None and cached[0] == key:
        return cached[1]
    found = service.list_datasets(container.unit_of_work())
    with _lock:
        _datasets[id(container)] = (key, found)
    return found


def _link(path: str, selection: Selection, **changes: Any) -> str:
    if changes and "page" not in changes:
        changes["page"] = 1
    return path + "?" + urlencode(selection.query(**changes))


def _sort_header(selection: Selection, column: str, label: str) -> dict[str, str]:
    """A sortable column header: its link (ascending first, then descending) and aria-sort."""
    active = selection.sort == column
    descending = active and selection.direction == "desc"
    direction = "asc" if descending or not active else "desc"
    aria = ("descending" if descending else "ascending") if active else "none"
    return {
        "key": column,
        "label": label,
        "href": _link("/cijfers", selection, sort=column, direction=direction),
        "aria_sort": aria,
    }


def _wide_columns(page: explorer.ExplorerPage) -> list[str]:
    """The dimensions that tell rows apart in this version of the dataset."""
    choices, selection = page.choices, page.selection
    varying = {
        "measure": len(choices.measures) > 1 and not selection.measure,
        "geography": len(choices.geographies) > 1,
        "institution": bool(choices.institutions) and not selection.institution,
        "programme": bool(choices.programmes) and not selection.programme,
        "level": bool(choices.levels) and not selection.level,
        "category": bool(choices.categories) and not selection.category,
        "unit": len(choices.units) > 1,
    }
    return [key for key in WIDE_KEYS if varying[key]]


def _context(page: explorer.ExplorerPage) -> dict[str, Any]:
    selection = page.selection
    link = lambda path, **changes: _link(path, selection, **changes)  # noqa: E731
    columns = _wide_columns(page)
    if page.aggregation is not None:
        headers = [_sort_header(selection, key, _(LABELS[key])) for key in selection.group]
        headers.append(_sort_header(selection, "value", _("Som")))
    elif page.wide is not None:
        headers = [_sort_header(selection, key, _(LABELS[key])) for key in columns]
        headers += [_sort_header(selection, period, period) for period in page.wide.periods]
    else:
        long_columns = [key for key in columns if key != "unit"]
        long_columns = [*long_columns, "period", "value", "unit"]
        headers = [_sort_header(selection, key, _(LABELS[key])) for key in long_columns]
    return {
        "page": page,
        "selection": selection,
        "columns": columns,
        "headers": headers,
        "labels": LABELS,
        "groups": GROUPS,
        "page_sizes": PAGE_SIZES,
        "link": link,
        "chart_title": chart_title(page),
        "chart_limited": page.aggregation is None and page.total > MAX_SERIES,
        "max_series": MAX_SERIES,
        "values": dict(selection.query()),
        "printed_totals": page.wide is not None
        and bool(page.choices.institutions or page.choices.programmes)
        and any(row.is_total for row in page.wide.rows),
        "disputed": page.wide is not None
        and any(cell is not None and cell.disputed for row in page.wide.rows for cell in row.cells),
    }


@router.get("/cijfers", response_class=HTMLResponse, include_in_schema=False)
def explorer_page(request: Request, uow: UnitOfWorkDep, container: ContainerDep) -> HTMLResponse:
    params = request.query_params.multi_items()
    datasets = _dataset_list(container)
    base = {
        "datasets": datasets,
        "default_page_size": DEFAULT_PAGE_SIZE,
        "field_labels": FIELD_LABELS,
    }
    if not any(name == "dataset" and value for name, value in params):
        return render(request, "explorer.html", {**base, "page": None, "values": {}})
    try:
        selection = parse_selection(params)
        page = explorer.explore(uow, selection)
    except InvalidInput as exc:
        raw = dict(params)
        fallback = explorer.explore(uow, Selection(dataset=raw.get("dataset", "")[:120]))
        context = {**base, **_context(fallback), "values": raw, "problems": exc.problems}
        context["page"] = None
        context["choices"] = fallback.choices
        context["releases"] = fallback.releases
        return render(request, "explorer.html", context, status_code=422)
    context = {**base, **_context(page), "choices": page.choices, "releases": page.releases}
    return render(request, "explorer.html", context)


@router.get("/cijfers/grafiek.svg", include_in_schema=False)
def explorer_chart(request: Request, uow: UnitOfWorkDep) -> Response:
    """The chart of the selection (the first rows of its table, or its sums)."""
    selection = parse_selection(request.query_params.multi_items())
    first = Selection(**{**_fields(selection), "page": 1, "page_size": MAX_SERIES})
    return svg_response(request, chart_spec(explorer.explore(uow, first)))


def _fields(selection: Selection) -> dict[str, Any]:
    return {name: getattr(selection, name) for name in Selection.__dataclass_fields__}


def _download(request: Request, uow: UnitOfWorkDep, kind: str) -> Response:
    selection = parse_selection(request.query_params.multi_items())
    with explorer.export_selection(uow, selection) as export:
        if kind == "csv":
            body, media = downloads.csv_bytes(export), downloads.CSV_TYPE
        else:
            body, media = downloads.xlsx_bytes(export), downloads.XLSX_TYPE
        name = f"{export.file_stem}.{kind}"
    return Response(
        body,
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/cijfers.csv", include_in_schema=False)
def explorer_csv(request: Request, uow: UnitOfWorkDep) -> Response:
    """Exactly the selection as CSV: every page, the tidy long form (or the sums)."""
    return _download(request, uow, "csv")


@router.get("/cijfers.xlsx", include_in_schema=False)
def explorer_xlsx(request: Request, uow: UnitOfWorkDep) -> Response:
    """Exactly the selection as an Excel workbook."""
    return _download(request, uow, "xlsx")
