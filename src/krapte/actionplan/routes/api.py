"""The action plan's JSON API: public reads (the same figures as the pages) and writes for
editors (session or API token; the service asks the permission function).

The history shows ``acting_as`` (the owning organisation or the role), never a person's name.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Response
from pydantic import BaseModel, Field

from krapte.actionplan import service, views
from krapte.actionplan.core.bundle import ACTOR_GROUPS
from krapte.actionplan.core.followup import (
    MAX_OWNER,
    MAX_ROLE,
    MAX_TEXT,
    MAX_TITLE,
    MAX_URL,
    ActionState,
    Change,
    Event,
    EventKind,
    Status,
    encode,
)
from krapte.actionplan.core.indicators import Series
from krapte.actionplan.routes.pages import filters_of
from krapte.actionplan.routes.shared import API_ERRORS, Number, ready
from krapte.web.deps import API_AUTH, ActorDep, ContainerDep


def _no_store(response: Response) -> None:
    """The plan changes with every edit, not with the data hub's version: never cached."""
    response.headers["Cache-Control"] = "no-store"


router = APIRouter(
    prefix="/api/v1/actieplan",
    tags=["actieplan"],
    responses=API_ERRORS,
    dependencies=[Depends(ready), Depends(_no_store)],
)

Reference = Annotated[
    str,
    Path(
        max_length=12,
        pattern=r"^[0-9]{1,4}\.[0-9]{1,6}$",
        description="De actie als aanbeveling.nummer, bijvoorbeeld 36.1.",
    ),
]


class ActionOut(BaseModel):
    reference: str = Field(description="Aanbeveling en nummer van de actie, bv. 36.1.")
    recommendation: int = Field(description="Nummer van de aanbeveling.")
    number: int = Field(description="Nummer van de actie binnen de aanbeveling.")
    title: str = Field(description="Titel.")
    owner: str = Field(description="De organisatie die de actie trekt.")
    contact_role: str = Field(description="De rol van de contactpersoon (geen naam).")
    start_date: date | None = Field(description="Startdatum.")
    due_date: date | None = Field(description="Einddatum.")
    status: Status = Field(description="Status (sleutel).")
    status_label: str = Field(description="Status in het Nederlands.")
    overdue: bool = Field(description="Einddatum voorbij en nog niet afgerond of stopgezet.")
    indicators: list[str] = Field(description="Gekoppelde indicatoren (sleutels).")
    updated_at: datetime | None = Field(description="Laatste wijziging.")


class RecommendationOut(BaseModel):
    number: int = Field(description="Nummer van de aanbeveling (1 tot en met 60).")
    actor_group: str = Field(description="Actorgroep (sleutel).")
    actor_group_label: str = Field(description="Actorgroep zoals het rapport ze noemt.")
    term: str = Field(description="Termijn: short of long.")
    section: str = Field(description="De sectie van het rapport.")
    text: str = Field(description="De tekst zoals gedrukt in het rapport.")
    status: Status = Field(description="Status van de aanbeveling, afgeleid uit haar acties.")
    status_label: str = Field(description="Status in het Nederlands.")
    priorities: list[int] = Field(description="Gekoppelde prioriteiten.")
    overdue_actions: int = Field(description="Aantal acties met achterstand.")
    actions: list[ActionOut] = Field(description="De acties.")


class OverviewOut(BaseModel):
    today: date = Field(description="De dag waarop achterstand berekend is.")
    counts: dict[str, int] = Field(description="Aanbevelingen per status (na de filters).")
    recommendations: list[RecommendationOut] = Field(description="De aanbevelingen.")


class EventOut(BaseModel):
    id: int | None = Field(description="Volgnummer van de gebeurtenis.")
    kind: EventKind = Field(description="Soort gebeurtenis.")
    label: str = Field(description="Soort in het Nederlands.")
    at: datetime = Field(description="Wanneer.")
    action: str = Field(description="De actie, bv. 36.1.")
    title: str = Field(description="Titel van de actie (nu).")
    acting_as: str = Field(description="Namens wie: de organisatie of de rol (nooit een naam).")
    changes: dict[str, object] = Field(description="Gewijzigde velden met hun nieuwe waarde.")
    status_from: Status | None = Field(description="Status ervoor.")
    status_to: Status | None = Field(description="Status erna.")
    note: str = Field(description="Notitie.")
    evidence_url: str = Field(description="Bewijslink.")
    progress_on: date | None = Field(description="Datum waarover de voortgang gaat.")


class PointOut(BaseModel):
    period: str = Field(description="Periode.")
    value: float = Field(description="Waarde.")


class SeriesOut(BaseModel):
    key: str = Field(description="Sleutel van de indicator.")
    label: str = Field(description="Naam van de indicator.")
    note: str = Field(description="Waarom ze aan de aanbeveling gekoppeld is.")
    unit: str = Field(description="Eenheid.")
    source: str = Field(description="Bron van de cijfers.")
    points: list[PointOut] = Field(description="Cijfers per periode (leeg: nog geen cijfers).")
    trend: str = Field(description="stijgt, daalt, gelijk, of leeg.")


class DetailOut(BaseModel):
    recommendation: RecommendationOut = Field(description="De aanbeveling met haar acties.")
    history: list[EventOut] = Field(description="Elke gebeurtenis, de oudste eerst.")
    indicators: list[SeriesOut] = Field(description="De gekoppelde indicatoren.")


class LinkOut(BaseModel):
    recommendation: int = Field(description="Nummer van de aanbeveling.")
    basis: str = Field(description="report (het rapport zegt het) of interpretation.")
    notes: str = Field(description="Toelichting bij een interpretatie.")
    status: Status = Field(description="Status van de aanbeveling.")


class PriorityOut(BaseModel):
    number: int = Field(description="Nummer van de prioriteit.")
    title: str = Field(description="Korte titel, geschreven door krapte (niet uit het rapport).")
    text: str = Field(description="De tekst zoals gedrukt.")
    recommendations: list[LinkOut] = Field(description="Gekoppelde aanbevelingen.")


class ActionIn(BaseModel):
    title: str = Field(max_length=MAX_TITLE, description="Titel.")
    owner: str = Field(max_length=MAX_OWNER, description="De organisatie die de actie trekt.")
    contact_role: str = Field("", max_length=MAX_ROLE, description="Rol van de contactpersoon.")
    start_date: date | None = Field(None, description="Startdatum.")
    due_date: date | None = Field(None, description="Einddatum (niet voor de startdatum).")
    indicators: list[str] = Field([], max_length=40, description="Indicatoren (sleutels).")


class ChangeIn(BaseModel):
    """Only the fields you send change; a status, a note or a reopening is recorded as events."""

    status: Status | None = Field(None, description="Nieuwe status.")
    reopen: bool = Field(False, description="Heropen een afgeronde of stopgezette actie.")
    note: str = Field("", max_length=MAX_TEXT, description="Notitie (reden bij heropenen).")
    evidence_url: str = Field("", max_length=MAX_URL, description="Bewijslink (https://...).")
    progress_on: date | None = Field(None, description="Datum waarover de voortgang gaat.")
    title: str | None = Field(None, max_length=MAX_TITLE, description="Nieuwe titel.")
    owner: str | None = Field(None, max_length=MAX_OWNER, description="Nieuwe trekker.")
    contact_role: str | None = Field(None, max_length=MAX_ROLE, description="Nieuwe rol.")
    start_date: date | None = Field(None, description="Nieuwe startdatum (null: geen).")
    due_date: date | None = Field(None, description="Nieuwe einddatum (null: geen).")
    indicators: list[str] | None = Field(None, max_length=40, description="Nieuwe indicatoren.")


class ChangedOut(BaseModel):
    action: ActionOut = Field(description="De actie na de wijziging.")
    events: list[EventOut] = Field(description="De gebeurtenissen die de wijziging vastlegden.")


def action_out(action: ActionState, today: date) -> ActionOut:
    return ActionOut(
        reference=action.reference,
        recommendation=action.recommendation,
        number=action.number,
        title=action.title,
        owner=action.owner,
        contact_role=action.contact_role,
        start_date=action.start_date,
        due_date=action.due_date,
        status=action.status,
        status_label=action.status_label,
        overdue=action.overdue(today),
        indicators=list(action.indicators),
        updated_at=action.updated_at,
    )


def recommendation_out(row: service.RecommendationRow, today: date) -> RecommendationOut:
    item = row.recommendation
    return RecommendationOut(
        number=item.number,
        actor_group=item.actor_group,
        actor_group_label=item.actor_group_label,
        term=item.term,
        section=item.section,
        text=item.text,
        status=row.status,
        status_label=row.status_label,
        priorities=list(row.priorities),
        overdue_actions=row.overdue,
        actions=[action_out(action, today) for action in row.actions],
    )


def event_out(event: Event, title: str = "") -> EventOut:
    return EventOut(
        id=event.id,
        kind=event.kind,
        label=event.label,
        at=event.at,
        action=f"{event.recommendation}.{event.action}",
        title=title,
        acting_as=event.acting_as,
        changes=encode(event.changes),
        status_from=event.status_from,
        status_to=event.status_to,
        note=event.note,
        evidence_url=event.evidence_url,
        progress_on=event.progress_on,
    )


def series_out(found: Series, note: str) -> SeriesOut:
    return SeriesOut(
        key=found.indicator.key,
        label=found.indicator.label,
        note=note,
        unit=found.unit,
        source=found.source,
        points=[PointOut(period=p.period, value=p.value) for p in found.points],
        trend=found.trend,
    )


Group = Annotated[
    str,
    Query(
        max_length=40,
        pattern="^(" + "|".join(ACTOR_GROUPS) + ")?$",
        description="Actorgroep: " + ", ".join(ACTOR_GROUPS) + ".",
    ),
]


@router.get("", response_model=OverviewOut, summary="De aanbevelingen met hun opvolging")
def api_overview(
    container: ContainerDep,
    actorgroep: Group = "",
    prioriteit: Annotated[int | None, Query(ge=1, le=10, description="Prioriteit.")] = None,
    status: Annotated[
        str,
        Query(
            max_length=20,
            pattern="^(" + "|".join(Status) + ")?$",
            description="Status van de aanbeveling: " + ", ".join(Status) + ".",
        ),
    ] = "",
    achterstand: Annotated[bool, Query(description="Alleen met achterstand.")] = False,
) -> OverviewOut:
    """Dezelfde filters als de pagina /actieplan."""
    filters = filters_of(actorgroep, str(prioriteit or ""), status, achterstand)
    found = service.overview(container.unit_of_work(), filters)
    return OverviewOut(
        today=found.today,
        counts={status.value: count for status, count in found.counts.items()},
        recommendations=[recommendation_out(row, found.today) for row in found.rows],
    )


@router.get(
    "/aanbevelingen/{number}", response_model=DetailOut, summary="Eén aanbeveling met geschiedenis"
)
def api_recommendation(container: ContainerDep, number: Number) -> DetailOut:
    """De aanbeveling, haar acties, elke gebeurtenis (de oudste eerst) en de indicatoren."""
    found = service.detail(container.unit_of_work(), number)
    today = service.now().date()
    titles = {(a.recommendation, a.number): a.title for a in found.row.actions}
    return DetailOut(
        recommendation=recommendation_out(found.row, today),
        history=[
            event_out(event, titles.get((event.recommendation, event.action), ""))
            for event in found.history
        ],
        indicators=[
            series_out(series, found.indicator_notes.get(series.indicator.key, ""))
            for series in found.indicators
        ],
    )


@router.get("/prioriteiten", response_model=list[PriorityOut], summary="De 10 prioriteiten")
def api_priorities(container: ContainerDep) -> list[PriorityOut]:
    """Elke prioriteit met de gekoppelde aanbevelingen en hun status."""
    return [
        PriorityOut(
            number=view.priority.number,
            title=view.priority.title,
            text=view.priority.text,
            recommendations=[
                LinkOut(
                    recommendation=linked.link.recommendation,
                    basis=linked.link.basis,
                    notes=linked.link.notes,
                    status=linked.row.status,
                )
                for linked in view.recommendations
            ],
        )
        for view in views.priorities(container.unit_of_work())
    ]


@router.get("/gebeurtenissen", response_model=list[EventOut], summary="De laatste gebeurtenissen")
def api_events(
    container: ContainerDep,
    limit: Annotated[int, Query(ge=1, le=views.MAX_EVENTS, description="Hoeveel.")] = 50,
    statuswijzigingen: Annotated[
        bool, Query(description="Alleen statuswijzigingen (zoals de feed).")
    ] = False,
) -> list[EventOut]:
    """De nieuwste eerst."""
    found = views.latest_events(container.unit_of_work(), limit, status_only=statuswijzigingen)
    return [event_out(view.event, view.title) for view in found]


@router.post(
    "/aanbevelingen/{number}/acties",
    response_model=ActionOut,
    status_code=201,
    summary="Een actie vastleggen",
    dependencies=[API_AUTH],
)
def api_add_action(
    container: ContainerDep, actor: ActorDep, number: Number, body: ActionIn
) -> ActionOut:
    """Voor analisten, beheerders en de organisatie die de actie trekt."""
    new = service.NewAction(
        title=body.title,
        owner=body.owner,
        contact_role=body.contact_role,
        start_date=body.start_date,
        due_date=body.due_date,
        indicators=tuple(body.indicators),
    )
    state = service.add_action(container.unit_of_work(write=True), actor, number, new)
    return action_out(state, service.now().date())


@router.patch(
    "/acties/{reference}",
    response_model=ChangedOut,
    summary="Een actie bijwerken",
    dependencies=[API_AUTH],
)
def api_change_action(
    container: ContainerDep, actor: ActorDep, reference: Reference, body: ChangeIn
) -> ChangedOut:
    """Status, voortgang, heropenen of velden; een onmogelijke statuswijziging geeft 409."""
    number, action = service.parse_reference(reference)
    editable = ("title", "owner", "contact_role", "start_date", "due_date", "indicators")
    sent = body.model_fields_set
    fields: dict[str, object] = {name: getattr(body, name) for name in editable if name in sent}
    for name in ("title", "owner", "contact_role"):  # null text: left as it is
        if fields.get(name, "") is None:
            del fields[name]
    if "indicators" in fields:
        fields["indicators"] = tuple(body.indicators or ())
    change = Change(
        fields=fields,
        status=body.status,
        reopen=body.reopen,
        note=body.note,
        evidence_url=body.evidence_url,
        progress_on=body.progress_on,
    )
    state, events = service.change_action(
        container.unit_of_work(write=True), actor, number, action, change
    )
    return ChangedOut(
        action=action_out(state, service.now().date()),
        events=[event_out(event, state.title) for event in events],
    )
