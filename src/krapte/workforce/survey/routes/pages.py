"""The organisation's pages: its surveys, opening one, links as a CSV download, closing, results.

Routes parse the form, pass the actor to the service (which checks who may) and render; after a
POST they redirect (303) to a page with a Dutch confirmation (``?gedaan=<key>``). The links are
the answer to their POST (a CSV download): only their hashes are stored, so they cannot be shown
again.
"""

from __future__ import annotations

import io
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.responses import Response

from krapte.errors import Conflict, InvalidInput
from krapte.tabular import write_csv
from krapte.web.charts import svg_response
from krapte.web.deps import ActorDep, ContainerDep
from krapte.web.i18n import _
from krapte.web.templating import render
from krapte.workforce.survey import service
from krapte.workforce.survey.charts import results_spec
from krapte.workforce.survey.core.questionnaire import SCALE, SOURCE
from krapte.workforce.survey.routes.shared import SurveyId, by_field, done_message

router = APIRouter()

HOME = "/werkkracht/bevraging"
Done = Annotated[str, Query(max_length=20)]


def _overview(
    request: Request, container: Any, actor: Any, status: int = 200, **extra: object
) -> HTMLResponse:
    surveys = service.list_surveys(container.unit_of_work(), actor)
    context = {
        "surveys": surveys,
        "organisations": sorted(actor.organisations),
        "problems": {},
        "cells": {},
        **extra,
    }
    return render(request, "bevraging_overzicht.html", context, status)


@router.get(HOME, response_class=HTMLResponse, include_in_schema=False)
def overview(request: Request, container: ContainerDep, actor: ActorDep) -> HTMLResponse:
    return _overview(request, container, actor)


@router.post(HOME, include_in_schema=False)
def open_survey(
    request: Request,
    container: ContainerDep,
    actor: ActorDep,
    organisatie: Annotated[str, Form(max_length=200)] = "",
    titel: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    try:
        made = service.open_survey(container.unit_of_work(write=True), actor, organisatie, titel)
    except InvalidInput as refused:
        cells = {"organisation": organisatie, "title": titel}
        return _overview(request, container, actor, 422, problems=by_field(refused), cells=cells)
    return RedirectResponse(f"{HOME}/{made.survey_id}?gedaan=geopend", status_code=303)


def _detail(
    request: Request, survey: service.SurveyInfo, status: int = 200, **extra: object
) -> HTMLResponse:
    context = {
        "survey": survey,
        "max_links": service.MAX_LINKS_PER_REQUEST,
        "min_responses": service.MIN_RESPONSES,
        "done": "",
        "error": "",
        **extra,
    }
    return render(request, "bevraging_detail.html", context, status)


@router.get(HOME + "/{sid}", response_class=HTMLResponse, include_in_schema=False)
def detail(
    request: Request, container: ContainerDep, actor: ActorDep, sid: SurveyId, gedaan: Done = ""
) -> HTMLResponse:
    survey = service.get_survey(container.unit_of_work(), actor, sid)
    return _detail(request, survey, done=done_message(gedaan))


@router.post(HOME + "/{sid}/links", include_in_schema=False)
def make_links(
    request: Request,
    container: ContainerDep,
    actor: ActorDep,
    sid: SurveyId,
    aantal: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    try:
        count = int(aantal.strip()) if aantal.strip().isdigit() else 0
        tokens = service.make_links(container.unit_of_work(write=True), actor, sid, count)
    except (InvalidInput, Conflict) as refused:
        survey = service.get_survey(container.unit_of_work(), actor, sid)
        status = 422 if isinstance(refused, InvalidInput) else 409
        return _detail(request, survey, status, error=refused.message)
    base = str(request.base_url).rstrip("/")
    stream = io.StringIO()
    write_csv(
        stream,
        ["number", "link"],
        [(number, f"{base}/bevraging/{token}") for number, token in enumerate(tokens, 1)],
    )
    name = f"bevraging-{sid}-links.csv"
    return Response(
        stream.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="{name}"'},
    )


@router.post(HOME + "/{sid}/sluiten", include_in_schema=False)
def close_survey(container: ContainerDep, actor: ActorDep, sid: SurveyId) -> Response:
    service.close_survey(container.unit_of_work(write=True), actor, sid)
    return RedirectResponse(f"{HOME}/{sid}?gedaan=gesloten", status_code=303)


def chart_title(survey: service.SurveyInfo) -> str:
    return _("Werkbaarheidsproblemen: {organisation} naast de sector (procent)").format(
        organisation=survey.organisation
    )


@router.get(HOME + "/{sid}/resultaten", response_class=HTMLResponse, include_in_schema=False)
def results(
    request: Request, container: ContainerDep, actor: ActorDep, sid: SurveyId
) -> HTMLResponse:
    found = service.results(container.unit_of_work(), actor, sid)
    context = {
        "results": found,
        "survey": found.survey,
        "chart_title": chart_title(found.survey),
        "source": SOURCE,
        "scale": SCALE,
    }
    return render(request, "bevraging_resultaten.html", context)


@router.get(HOME + "/{sid}/resultaten.svg", include_in_schema=False)
def results_chart(
    request: Request, container: ContainerDep, actor: ActorDep, sid: SurveyId
) -> Response:
    found = service.results(container.unit_of_work(), actor, sid)
    return svg_response(request, results_spec(chart_title(found.survey), found.questions))
