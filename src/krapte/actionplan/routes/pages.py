"""The action plan's public pages: overview with filters, priorities, overdue actions, timeline,
a recommendation with its history and indicators, and the charts (SVG)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse
from starlette.responses import Response

from krapte.actionplan import service, views
from krapte.actionplan.charts import indicator_spec, timeline_spec
from krapte.actionplan.core.bundle import ACTOR_GROUPS
from krapte.actionplan.core.followup import status_of
from krapte.actionplan.routes.shared import (
    Number,
    PriorityNumber,
    done_message,
    fresh,
    page,
    ready,
)
from krapte.errors import InvalidInput, NotFound
from krapte.web.charts import svg_response
from krapte.web.deps import ActorDep, ContainerDep

router = APIRouter(dependencies=[Depends(ready)])

#: Actions shown per recommendation in the overview (its own page shows them all).
OVERVIEW_ACTIONS = 3
#: Actions per page of the timeline (its chart draws the same page).
TIMELINE_PAGE = 50
PageNumber = Annotated[int, Query(ge=1, le=10_000, description="Pagina.")]

Group = Annotated[str, Query(max_length=40, description="Actorgroep (sleutel).")]
PriorityFilter = Annotated[str, Query(max_length=4, description="Prioriteit (leeg: alle).")]
StatusFilter = Annotated[str, Query(max_length=20, description="Status (sleutel).")]
Overdue = Annotated[bool, Query(description="Alleen aanbevelingen met achterstand.")]
IndicatorKey = Annotated[
    str, Path(min_length=1, max_length=80, pattern=r"^[a-z0-9_]+$", description="Indicator.")
]


def filters_of(
    actorgroep: str = "", prioriteit: str = "", status: str = "", achterstand: bool = False
) -> service.Filters:
    """The overview's filters from the query (empty text: no filter, as a form sends it)."""
    priority = None
    if prioriteit.strip():
        if not prioriteit.strip().isdigit():
            raise InvalidInput.single(
                f"'{prioriteit}' is geen nummer van een prioriteit", field="prioriteit"
            )
        priority = int(prioriteit)
    return service.Filters(
        actor_group=actorgroep.strip() or None,
        priority=priority,
        status=status_of(status) if status.strip() else None,
        overdue=achterstand,
    )


@router.get("/actieplan", response_class=HTMLResponse, include_in_schema=False)
def overview_page(
    request: Request,
    container: ContainerDep,
    actorgroep: Group = "",
    prioriteit: PriorityFilter = "",
    status: StatusFilter = "",
    achterstand: Overdue = False,
) -> Response:
    filters = filters_of(actorgroep, prioriteit, status, achterstand)
    found = service.overview(container.unit_of_work(), filters)
    groups = [
        (key, label, [row for row in found.rows if row.recommendation.actor_group == key])
        for key, label in ACTOR_GROUPS.items()
    ]
    context = {
        "overview": found,
        "groups": [group for group in groups if group[2]],
        "priorities": service.plan().priorities,
        "shown_actions": OVERVIEW_ACTIONS,
        "chosen": {
            "actorgroep": filters.actor_group or "",
            "prioriteit": filters.priority,
            "status": filters.status.value if filters.status else "",
            "achterstand": achterstand,
        },
    }
    return page(request, "actionplan/overzicht.html", context)


@router.get("/actieplan/prioriteiten", response_class=HTMLResponse, include_in_schema=False)
def priorities_page(request: Request, container: ContainerDep) -> Response:
    found = views.priorities(container.unit_of_work())
    return page(request, "actionplan/prioriteiten.html", {"priorities": found})


@router.get(
    "/actieplan/prioriteiten/{number}", response_class=HTMLResponse, include_in_schema=False
)
def priority_page(request: Request, container: ContainerDep, number: PriorityNumber) -> Response:
    found = views.priority(container.unit_of_work(), number)
    return page(request, "actionplan/prioriteit.html", {"item": found})


@router.get("/actieplan/achterstand", response_class=HTMLResponse, include_in_schema=False)
def overdue_page(request: Request, container: ContainerDep) -> Response:
    found = service.overview(container.unit_of_work(), service.Filters(overdue=True))
    return page(request, "actionplan/achterstand.html", {"overview": found})


@router.get("/actieplan/tijdlijn", response_class=HTMLResponse, include_in_schema=False)
def timeline_page(request: Request, container: ContainerDep, pagina: PageNumber = 1) -> Response:
    uow = container.unit_of_work()
    found = views.timeline(uow)
    shown = found.page(pagina, TIMELINE_PAGE)
    context = {
        "timeline": found,
        "shown": shown,
        "page": pagina,
        "pages": max(1, -(-len(found.actions) // TIMELINE_PAGE)),
        "events": views.latest_events(uow, 20),
    }
    return page(request, "actionplan/tijdlijn.html", context)


@router.get("/actieplan/tijdlijn.svg", include_in_schema=False)
def timeline_chart(request: Request, container: ContainerDep, pagina: PageNumber = 1) -> Response:
    found = views.timeline(container.unit_of_work())
    spec = timeline_spec(found.page(pagina, TIMELINE_PAGE), found.today)
    return fresh(svg_response(request, spec))


@router.get(
    "/actieplan/aanbevelingen/{number}", response_class=HTMLResponse, include_in_schema=False
)
def recommendation_page(
    request: Request,
    container: ContainerDep,
    actor: ActorDep,
    number: Number,
    gedaan: Annotated[str | None, Query(max_length=20)] = None,
) -> Response:
    found = service.detail(container.unit_of_work(), number)
    context = {
        "detail": found,
        "item": found.row.recommendation,
        "priorities": [service.plan().priority(n) for n in found.row.priorities],
        "editable": {a.reference for a in found.row.actions if views.can_edit(actor, a)},
        "can_add": views.can_add(actor),
        "show_names": views.sees_names(actor),
        "done": done_message(gedaan),
        "today": service.now().date(),
    }
    return page(request, "actionplan/aanbeveling.html", context)


@router.get("/actieplan/indicatoren", response_class=HTMLResponse, include_in_schema=False)
def indicators_page(request: Request, container: ContainerDep) -> Response:
    found = views.indicators(container.unit_of_work())
    return page(request, "actionplan/indicatoren.html", {"indicators": found})


@router.get("/actieplan/indicatoren/{key}.svg", include_in_schema=False)
def indicator_chart(request: Request, container: ContainerDep, key: IndicatorKey) -> Response:
    if service.catalogue().get(key) is None:
        raise NotFound(f"indicator '{key}' bestaat niet")
    (found,) = service.indicator_series(container.unit_of_work(), [key])
    if not found.points:
        raise NotFound(f"nog geen cijfers in de datahub voor '{found.indicator.label}'")
    return svg_response(request, indicator_spec(found))
