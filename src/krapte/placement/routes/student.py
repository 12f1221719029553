"""The student's pages and API: search the offers (``/stages/{rid}/zoeken``), keep a ranked list
(``/stages/{rid}/mijn-lijst``) and read the result (``/stages/{rid}/resultaat``).

Routes parse, take the actor and call :mod:`krapte.placement.rounds.rankings` and
:mod:`krapte.placement.rounds.results`; the services check who and when. The list's buttons are
plain POST forms (keyboard and no JavaScript); ``ranking.js`` adds drag and drop on top.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import astuple
from typing import Annotated, Any, Final, TypeVar

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from krapte.accounts import service as accounts
from krapte.accounts.core.permissions import Actor
from krapte.bootstrap import Container
from krapte.errors import Forbidden, InvalidInput, WrongPhase
from krapte.placement.core.calendar import Phase
from krapte.placement.rounds import rankings, results, students
from krapte.placement.rounds.rankings import Filters, RankingView
from krapte.placement.routes.people_models import (
    MAX_LIST,
    RankingIn,
    RankingResponse,
    ResultResponse,
    SearchResponse,
)
from krapte.placement.routes.personal import (
    API_ERRORS,
    Done,
    RoundId,
    by_field,
    done_message,
    moment_text,
    page,
    see_other,
)
from krapte.web.deps import API_AUTH, ActorDep, ContainerDep

router = APIRouter(include_in_schema=False)
api = APIRouter(
    prefix="/api/v1/stages", tags=["stages"], dependencies=[API_AUTH], responses=API_ERRORS
)

Text = Annotated[str, Query(max_length=100)]
PageNumber = Annotated[int, Query(ge=1, le=10_000, description="De pagina (vanaf 1).")]
OfferField = Annotated[str, Form(max_length=120)]
PER_PAGE: Final = 20
T = TypeVar("T")


def signed_in_student(container: Container, actor: Actor, read: Callable[[], T]) -> T:
    """``read()``; when the actor is not (yet) a student of the round, link the round's student
    records with the account's e-mail address (a school added them by address) and try once
    more."""
    try:
        return read()
    except Forbidden:
        if not actor.authenticated:
            raise
        email = accounts.own_account(container.unit_of_work(), actor).email
        assert actor.user_id is not None
        if not students.link_student_accounts(
            container.unit_of_work(write=True), email, actor.user_id
        ):
            raise
        return read()


#: The search form's fields, in the order of :class:`Filters`' fields.
FILTER_FIELDS: Final = ("q", "provincie", "gemeente", "sector", "periode", "taal")


async def search_filters(
    q: Text = "",
    provincie: Text = "",
    gemeente: Text = "",
    sector: Text = "",
    periode: Text = "",
    taal: Text = "",
) -> Filters:
    """The search's text and filters: the same query parameters on the page and in the API."""
    return Filters(q, provincie, gemeente, sector, periode, taal)


SearchFilters = Annotated[Filters, Depends(search_filters)]


@router.get("/stages/{rid}/zoeken", response_class=HTMLResponse)
def search_page(
    request: Request,
    container: ContainerDep,
    actor: ActorDep,
    rid: RoundId,
    filters: SearchFilters,
    pagina: PageNumber = 1,
) -> HTMLResponse:
    found = signed_in_student(
        container,
        actor,
        lambda: rankings.search(container.unit_of_work(), actor, rid, filters, pagina, PER_PAGE),
    )
    query = dict(zip(FILTER_FIELDS, astuple(filters), strict=True))
    return page(
        request,
        "zoeken.html",
        {"active": "stages", "rid": rid, "found": found, "filters": query},
    )


def _list_page(
    request: Request, view: RankingView, done: str = "", problems: list[str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:  # fmt: skip
    context: dict[str, Any] = {
        "active": "stages", "rid": view.round.id, "view": view, "done": done_message(done),
        "problems": problems or [], "deadline": moment_text(view.deadline),
    }  # fmt: skip
    return page(request, "mijn_lijst.html", context, status_code=status_code)


@router.get("/stages/{rid}/mijn-lijst", response_class=HTMLResponse)
def list_page(
    request: Request, container: ContainerDep, actor: ActorDep, rid: RoundId, gedaan: Done = ""
) -> HTMLResponse:
    view = signed_in_student(
        container, actor, lambda: rankings.read_list(container.unit_of_work(), actor, rid)
    )
    return _list_page(request, view, gedaan)


def _change(
    request: Request,
    container: ContainerDep,
    actor: ActorDep,
    rid: int,
    change: Callable[[], RankingView],
    done: str,
    focus: str,
) -> Response:
    """Run a change of the list; back to the list (at the moved choice) or the list with the
    Dutch problem (422 for a bad list, 409 after the deadline or outside the phase)."""
    try:
        view = change()
    except InvalidInput as error:
        problems = [message for messages in by_field(error).values() for message in messages]
        current = rankings.read_list(container.unit_of_work(), actor, rid)
        return _list_page(request, current, problems=problems, status_code=422)
    except WrongPhase as error:
        current = rankings.read_list(container.unit_of_work(), actor, rid)
        return _list_page(request, current, problems=[str(error)], status_code=409)
    ids = [choice.offer_id for choice in view.choices]
    anchor = f"#keuze-{ids.index(focus) + 1}" if focus in ids else "#lijst"
    target: RedirectResponse = see_other(f"/stages/{rid}/mijn-lijst?gedaan={done}{anchor}")
    return target


@router.post("/stages/{rid}/mijn-lijst/toevoegen")
def add_choice(
    request: Request, container: ContainerDep, actor: ActorDep, rid: RoundId, offer_id: OfferField
) -> Response:
    uow = container.unit_of_work(write=True)
    return _change(
        request, container, actor, rid,
        lambda: rankings.add_choice(uow, actor, rid, offer_id), "keuze-toegevoegd", offer_id,
    )  # fmt: skip


@router.post("/stages/{rid}/mijn-lijst/omhoog")
def move_up(
    request: Request, container: ContainerDep, actor: ActorDep, rid: RoundId, offer_id: OfferField
) -> Response:
    uow = container.unit_of_work(write=True)
    return _change(
        request, container, actor, rid,
        lambda: rankings.move_choice(uow, actor, rid, offer_id, -1), "verplaatst", offer_id,
    )  # fmt: skip


@router.post("/stages/{rid}/mijn-lijst/omlaag")
def move_down(
    request: Request, container: ContainerDep, actor: ActorDep, rid: RoundId, offer_id: OfferField
) -> Response:
    uow = container.unit_of_work(write=True)
    return _change(
        request, container, actor, rid,
        lambda: rankings.move_choice(uow, actor, rid, offer_id, 1), "verplaatst", offer_id,
    )  # fmt: skip


@router.post("/stages/{rid}/mijn-lijst/verwijderen")
def remove_choice(
    request: Request, container: ContainerDep, actor: ActorDep, rid: RoundId, offer_id: OfferField
) -> Response:
    uow = container.unit_of_work(write=True)
    return _change(
        request, container, actor, rid,
        lambda: rankings.remove_choice(uow, actor, rid, offer_id), "verwijderd", "",
    )  # fmt: skip


@router.post("/stages/{rid}/mijn-lijst")
def save_order(
    request: Request,
    container: ContainerDep,
    actor: ActorDep,
    rid: RoundId,
    offer_id: Annotated[list[str], Form(max_length=MAX_LIST)],
    moved: Annotated[str, Form(max_length=120)] = "",
) -> Response:
    """The full order at once (what drag and drop submits)."""
    uow = container.unit_of_work(write=True)
    return _change(
        request, container, actor, rid,
        lambda: rankings.save_list(uow, actor, rid, offer_id), "bewaard", moved,
    )  # fmt: skip


@router.get("/stages/{rid}/resultaat", response_class=HTMLResponse)
def result_page(
    request: Request, container: ContainerDep, actor: ActorDep, rid: RoundId, gedaan: Done = ""
) -> HTMLResponse:
    mine = signed_in_student(
        container, actor, lambda: results.my_result(container.unit_of_work(), actor, rid)
    )
    followup = students.round_of(container.unit_of_work(), rid).phase is Phase.FOLLOW_UP
    context = {"active": "stages", "rid": rid, "result": mine, "done": done_message(gedaan),
               "problems": {}, "form": {}, "followup": followup}  # fmt: skip
    return page(request, "resultaat.html", context)


@router.post("/stages/{rid}/resultaat/beoordeling")
def evaluate(
    request: Request,
    container: ContainerDep,
    actor: ActorDep,
    rid: RoundId,
    student_score: Annotated[str, Form(max_length=2)] = "",
    student_comment: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    try:
        results.write_evaluation(
            container.unit_of_work(write=True), actor, rid, student_score, student_comment
        )
    except InvalidInput as error:
        mine = results.my_result(container.unit_of_work(), actor, rid)
        form = {"student_score": student_score, "student_comment": student_comment}
        context = {"active": "stages", "rid": rid, "result": mine, "done": "",
                   "problems": by_field(error), "form": form}  # fmt: skip
        return page(request, "resultaat.html", context, status_code=422)
    return see_other(f"/stages/{rid}/resultaat?gedaan=beoordeeld#beoordeling")


# --- API -------------------------------------------------------------------------------------


def _ranking(view: RankingView) -> RankingResponse:
    return RankingResponse.model_validate(view.as_dict())


@api.get(
    "/{rid}/zoeken",
    summary="De stageplaatsen die je kunt kiezen",
    description="Alleen de stageplaatsen waarvoor je in aanmerking komt (in de opvolgronde: met "
    "vrije plaatsen), met zoekterm en filters, per pagina.",
)
def search_api(
    container: ContainerDep,
    actor: ActorDep,
    rid: RoundId,
    filters: SearchFilters,
    pagina: PageNumber = 1,
    per_pagina: Annotated[int, Query(ge=1, le=rankings.MAX_PAGE_SIZE)] = PER_PAGE,
) -> SearchResponse:
    found = rankings.search(container.unit_of_work(), actor, rid, filters, pagina, per_pagina)
    return SearchResponse.model_validate(
        {
            "offers": [view.as_dict() for view in found.offers], "total": found.total,
            "page": found.page, "pages": found.pages, "in_list": sorted(found.in_list),
            "followup": found.followup,
        }
    )  # fmt: skip


@api.get(
    "/{rid}/mijn-lijst",
    summary="Je lijst van stageplaatsen",
    description="Je keuzes in volgorde, of je lijst volledig is en tot wanneer je ze wijzigt.",
)
def list_api(container: ContainerDep, actor: ActorDep, rid: RoundId) -> RankingResponse:
    return _ranking(
        signed_in_student(
            container, actor, lambda: rankings.read_list(container.unit_of_work(), actor, rid)
        )
    )


@api.put(
    "/{rid}/mijn-lijst",
    summary="Je lijst van stageplaatsen bewaren",
    description="Vervangt je hele lijst (codes, eerste keuze eerst); alleen stageplaatsen die je "
    "kunt kiezen, zonder herhaling, tot de deadline.",
)
def save_api(
    container: ContainerDep, actor: ActorDep, rid: RoundId, body: RankingIn
) -> RankingResponse:
    return _ranking(
        rankings.save_list(container.unit_of_work(write=True), actor, rid, body.offer_ids)
    )


@api.get(
    "/{rid}/resultaat",
    summary="Je resultaat",
    description="Je stageplaats in de gepubliceerde toewijzing en, voor elke hogere keuze, "
    "waarom je ze niet kreeg.",
)
def result_api(container: ContainerDep, actor: ActorDep, rid: RoundId) -> ResultResponse:
    return ResultResponse.model_validate(
        results.my_result(container.unit_of_work(), actor, rid).as_dict()
    )
