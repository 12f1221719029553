"""The organisation's pages of a round: its offers (list, new, detail, edit, import, remove) and,
after publication, its interns (confirm with a mentor, evaluate, job offer).

Routes parse the form, pass the actor to a service (which checks who and when) and render; after
a POST they redirect (303) to a page with a Dutch confirmation (``?gedaan=<key>``). A form with
problems is shown again with each problem beside its field (422); nothing is stored.
"""

from __future__ import annotations

import tempfile
from pathlib import Path as FilePath
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, Field
from starlette.responses import Response

from krapte.errors import InvalidInput
from krapte.placement.municipalities import municipality_names
from krapte.placement.rounds import interns, offer_import, offers
from krapte.placement.rounds.offer_rules import (
    LANGUAGES,
    LEVEL_NAMES,
    PROGRAMME_NAMES,
    SECTOR_NAMES,
    STUDY_YEARS,
)
from krapte.placement.routes.organisation_api import router as api_router
from krapte.placement.routes.personal import OfferId, RoundId, StudentId, done_message, see_other
from krapte.web.deps import ActorDep, ContainerDep
from krapte.web.templating import render

router = APIRouter()
router.include_router(api_router)

PAGE_SIZE = 50
MAX_UPLOAD_BYTES = 5 * 1024 * 1024


def _choices() -> dict[str, Any]:
    return {
        "programme_names": PROGRAMME_NAMES,
        "level_names": LEVEL_NAMES,
        "study_years": STUDY_YEARS,
        "sector_names": SECTOR_NAMES,
        "languages": LANGUAGES,
        "municipalities": municipality_names(),
    }


class OfferForm(BaseModel):
    """The offer form's fields (ticked boxes arrive as repeated fields)."""

    organisation: str = Field("", max_length=300)
    capacity: str = Field("", max_length=20)
    municipality: str = Field("", max_length=200)
    sector: str = Field("", max_length=200)
    programmes: list[str] = Field([], max_length=40)
    levels: list[str] = Field([], max_length=10)
    study_years: list[str] = Field([], max_length=10)
    languages: list[str] = Field([], max_length=10)
    period: str = Field("", max_length=400)
    description: str = Field("", max_length=8000)

    def cells(self) -> dict[str, str]:
        """The form as an offer's cells (lists joined as in the files)."""
        lists = ("programmes", "levels", "study_years", "languages")
        return {
            name: ";".join(value) if name in lists else value
            for name, value in self.model_dump().items()
        }


OfferFormDep = Annotated[OfferForm, Form()]


Text = Annotated[str, Form(max_length=4000)]


@router.get("/stages/{rid}/aanbod", response_class=HTMLResponse, include_in_schema=False)
def offer_list(
    request: Request,
    container: ContainerDep,
    actor: ActorDep,
    rid: RoundId,
    pagina: Annotated[int, Query(ge=1, le=10_000)] = 1,
    alle: Annotated[bool, Query()] = False,
    gedaan: Annotated[str | None, Query(max_length=20)] = None,
) -> HTMLResponse:
    found = offers.list_offers(
        container.unit_of_work(), actor, rid, mine=False if alle else None,
        offset=(pagina - 1) * PAGE_SIZE, limit=PAGE_SIZE,
    )  # fmt: skip
    pages = max(1, -(-found.total // PAGE_SIZE))
    return render(
        request,
        "aanbod_lijst.html",
        {"found": found, "page": pagina, "pages": pages, "done": done_message(gedaan or "")},
    )


def _form_page(
    request: Request,
    actor: Any,
    info: Any,
    cells: dict[str, str],
    *,
    offer_id: str = "",
    problems: list[Any] | None = None,
    status: int = 200,
) -> HTMLResponse:
    by_field: dict[str, list[str]] = {}
    for problem in problems or []:
        by_field.setdefault(problem.field, []).append(problem.message)
    context = {
        "round": info,
        "cells": cells,
        "offer_id": offer_id,
        "problems": by_field,
        "organisations": sorted(actor.organisations),
        **_choices(),
    }
    return render(request, "aanbod_formulier.html", context, status)


@router.get("/stages/{rid}/aanbod/nieuw", response_class=HTMLResponse, include_in_schema=False)
def new_offer(
    request: Request, container: ContainerDep, actor: ActorDep, rid: RoundId
) -> HTMLResponse:
    info = offers.writable_round(container.unit_of_work(), actor, rid)
    own = sorted(actor.organisations)
    cells = {"organisation": own[0] if len(own) == 1 else "", "capacity": "1", "languages": "nl"}
    return _form_page(request, actor, info, cells)


@router.post("/stages/{rid}/aanbod/nieuw", response_class=HTMLResponse, include_in_schema=False)
def create_offer(
    request: Request,
    container: ContainerDep,
    actor: ActorDep,
    rid: RoundId,
    form: OfferFormDep,
) -> Response:
    cells = form.cells()
    try:
        view = offers.create_offer(container.unit_of_work(write=True), actor, rid, cells)
    except InvalidInput as refused:
        info = offers.writable_round(container.unit_of_work(), actor, rid)
        return _form_page(request, actor, info, cells, problems=refused.problems, status=422)
    return see_other(f"/stages/{rid}/aanbod/{view.offer_id}?gedaan=aangemaakt")


@router.get("/stages/{rid}/aanbod/importeren", response_class=HTMLResponse, include_in_schema=False)
def import_form(
    request: Request, container: ContainerDep, actor: ActorDep, rid: RoundId
) -> HTMLResponse:
    info = offers.writable_round(container.unit_of_work(), actor, rid)
    return render(request, "aanbod_importeren.html", {"round": info, "problems": []})


@router.post(
    "/stages/{rid}/aanbod/importeren", response_class=HTMLResponse, include_in_schema=False
)
def import_file(
    request: Request,
    container: ContainerDep,
    actor: ActorDep,
    rid: RoundId,
    bestand: Annotated[UploadFile, File(description="CSV- of Excel-bestand met aanbod.")],
) -> Response:
    info = offers.writable_round(container.unit_of_work(), actor, rid)
    name = FilePath(bestand.filename or "aanbod.csv").name
    data = bestand.file.read(MAX_UPLOAD_BYTES + 1)
    try:
        if len(data) > MAX_UPLOAD_BYTES:
            raise InvalidInput.single(
                f"het bestand is groter dan {MAX_UPLOAD_BYTES // (1024 * 1024)} MB", file=name
            )
        with tempfile.TemporaryDirectory() as folder:
            path = FilePath(folder) / name
            path.write_bytes(data)
            offer_import.import_offers(container.unit_of_work(write=True), actor, rid, path)
    except InvalidInput as refused:
        context = {"round": info, "problems": refused.problems}
        return render(request, "aanbod_importeren.html", context, 422)
    return see_other(f"/stages/{rid}/aanbod?gedaan=geimporteerd")


@router.get("/stages/{rid}/aanbod/{offer_id}", response_class=HTMLResponse, include_in_schema=False)
def offer_detail(
    request: Request,
    container: ContainerDep,
    actor: ActorDep,
    rid: RoundId,
    offer_id: OfferId,
    gedaan: Annotated[str | None, Query(max_length=20)] = None,
) -> HTMLResponse:
    view = offers.get_offer(container.unit_of_work(), actor, rid, offer_id)
    editable = offers.may_edit(container.unit_of_work(), actor, rid, view)
    context = {
        "offer": view,
        "round_id": rid,
        "editable": editable,
        "done": done_message(gedaan or ""),
    }
    return render(request, "aanbod_detail.html", context)


@router.get(
    "/stages/{rid}/aanbod/{offer_id}/bewerken",
    response_class=HTMLResponse,
    include_in_schema=False,
)
def edit_offer(
    request: Request, container: ContainerDep, actor: ActorDep, rid: RoundId, offer_id: OfferId
) -> HTMLResponse:
    view = offers.editable_offer(container.unit_of_work(), actor, rid, offer_id)
    info = offers.writable_round(container.unit_of_work(), actor, rid)
    return _form_page(request, actor, info, view.cells(), offer_id=offer_id)


@router.post(
    "/stages/{rid}/aanbod/{offer_id}/bewerken",
    response_class=HTMLResponse,
    include_in_schema=False,
)
def save_offer(
    request: Request,
    container: ContainerDep,
    actor: ActorDep,
    rid: RoundId,
    offer_id: OfferId,
    form: OfferFormDep,
) -> Response:
    cells = form.cells()
    try:
        offers.update_offer(container.unit_of_work(write=True), actor, rid, offer_id, cells)
    except InvalidInput as refused:
        info = offers.writable_round(container.unit_of_work(), actor, rid)
        return _form_page(
            request, actor, info, cells, offer_id=offer_id, problems=refused.problems, status=422
        )
    return see_other(f"/stages/{rid}/aanbod/{offer_id}?gedaan=aanbod-bewaard")


@router.post("/stages/{rid}/aanbod/{offer_id}/verwijderen", include_in_schema=False)
def remove_offer(
    container: ContainerDep, actor: ActorDep, rid: RoundId, offer_id: OfferId
) -> RedirectResponse:
    offers.delete_offer(container.unit_of_work(write=True), actor, rid, offer_id)
    return see_other(f"/stages/{rid}/aanbod?gedaan=aanbod-verwijderd")


@router.get("/stages/{rid}/stagiairs", response_class=HTMLResponse, include_in_schema=False)
def intern_list(
    request: Request,
    container: ContainerDep,
    actor: ActorDep,
    rid: RoundId,
    gedaan: Annotated[str | None, Query(max_length=20)] = None,
) -> HTMLResponse:
    page = interns.list_interns(container.unit_of_work(), actor, rid)
    context = {"page": page, "done": done_message(gedaan or ""), "scores": interns.SCORES}
    return render(request, "stagiairs_lijst.html", context)


def _intern_problem(
    request: Request, container: Any, actor: Any, rid: int, refused: InvalidInput
) -> HTMLResponse:
    page = interns.list_interns(container.unit_of_work(), actor, rid)
    context = {
        "page": page,
        "done": "",
        "scores": interns.SCORES,
        "problems": refused.problems,
    }
    return render(request, "stagiairs_lijst.html", context, 422)


@router.post(
    "/stages/{rid}/stagiairs/{student_id}/bevestigen",
    response_class=HTMLResponse,
    include_in_schema=False,
)
def confirm(
    request: Request,
    container: ContainerDep,
    actor: ActorDep,
    rid: RoundId,
    student_id: StudentId,
    mentor: Text = "",
) -> Response:
    try:
        interns.confirm_placement(
            container.unit_of_work(write=True), actor, rid, student_id, mentor
        )
    except InvalidInput as refused:
        return _intern_problem(request, container, actor, rid, refused)
    return see_other(f"/stages/{rid}/stagiairs?gedaan=bevestigd")


@router.post(
    "/stages/{rid}/stagiairs/{student_id}/evaluatie",
    response_class=HTMLResponse,
    include_in_schema=False,
)
def evaluate(
    request: Request,
    container: ContainerDep,
    actor: ActorDep,
    rid: RoundId,
    student_id: StudentId,
    score: Text = "",
    comment: Text = "",
) -> Response:
    try:
        interns.evaluate_intern(
            container.unit_of_work(write=True), actor, rid, student_id, score, comment
        )
    except InvalidInput as refused:
        return _intern_problem(request, container, actor, rid, refused)
    return see_other(f"/stages/{rid}/stagiairs?gedaan=geevalueerd")


@router.post("/stages/{rid}/stagiairs/{student_id}/job", include_in_schema=False)
def job(
    container: ContainerDep,
    actor: ActorDep,
    rid: RoundId,
    student_id: StudentId,
    job_offered: Annotated[str, Form(pattern="^(ja|nee)$")],
) -> RedirectResponse:
    interns.record_job_offer(
        container.unit_of_work(write=True), actor, rid, student_id, job_offered == "ja"
    )
    return see_other(f"/stages/{rid}/stagiairs?gedaan=job")
