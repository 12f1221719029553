"""Recording and changing actions in the browser (signed-in editors; the service decides).

A form with problems is shown again with each problem beside its field and the typed values
kept (422; an impossible status change: 409); nothing is stored. After a save the browser goes
(303) to the recommendation's page with a Dutch confirmation.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field
from starlette.responses import Response

from krapte.actionplan import service, views
from krapte.actionplan.core.followup import Change, Status, status_of
from krapte.actionplan.routes.shared import (
    ActionNumber,
    Number,
    by_field,
    form_date,
    page,
    ready,
    see_other,
)
from krapte.errors import Conflict, InvalidInput, Problem
from krapte.web.deps import ActorDep, ContainerDep

router = APIRouter(dependencies=[Depends(ready)])


class ActionForm(BaseModel):
    """The fields of an action (both forms); ticked indicators arrive as repeated fields."""

    title: str = Field("", max_length=400)
    owner: str = Field("", max_length=300)
    contact_role: str = Field("", max_length=300)
    start_date: str = Field("", max_length=20)
    due_date: str = Field("", max_length=20)
    indicators: list[str] = Field([], max_length=40)


class ChangeForm(ActionForm):
    """The change form: the action's fields, and a status, note, evidence and reopening."""

    status: str = Field("", max_length=20)
    note: str = Field("", max_length=5000)
    evidence_url: str = Field("", max_length=1200)
    progress_on: str = Field("", max_length=20)
    heropen: str = Field("", max_length=10)


def _new_context(actor: Any, number: int) -> dict[str, Any]:
    return {
        "item": service.recommendation(number),
        "owners": views.owners_for(actor),
        "indicators": service.catalogue().indicators,
    }


@router.get(
    "/actieplan/aanbevelingen/{number}/acties/nieuw",
    response_class=HTMLResponse,
    include_in_schema=False,
)
def new_action_form(request: Request, actor: ActorDep, number: Number) -> Response:
    views.require_editor(actor)
    context = _new_context(actor, number)
    owners = context["owners"]
    cells: dict[str, Any] = {"owner": owners[0] if len(owners) == 1 else "", "indicators": []}
    return page(request, "actionplan/actie_nieuw.html", {**context, "cells": cells, "problems": {}})


@router.post(
    "/actieplan/aanbevelingen/{number}/acties/nieuw",
    response_class=HTMLResponse,
    include_in_schema=False,
)
def create_action(
    request: Request,
    container: ContainerDep,
    actor: ActorDep,
    number: Number,
    form: Annotated[ActionForm, Form()],
) -> Response:
    problems: list[Problem] = []
    start = form_date(form.start_date, "start_date", problems)
    due = form_date(form.due_date, "due_date", problems)
    new = service.NewAction(
        title=form.title.strip(),
        owner=form.owner.strip(),
        contact_role=form.contact_role.strip(),
        start_date=start,
        due_date=due,
        indicators=tuple(form.indicators),
    )
    try:
        if problems:
            views.require_editor(actor)
            raise InvalidInput(problems)
        service.add_action(container.unit_of_work(write=True), actor, number, new)
    except InvalidInput as refused:
        context = {**_new_context(actor, number), "cells": form.model_dump()}
        context["problems"] = by_field(refused)
        return page(request, "actionplan/actie_nieuw.html", context, 422)
    return see_other(f"/actieplan/aanbevelingen/{number}?gedaan=nieuw#acties")


def _cells(action: Any) -> dict[str, Any]:
    return {
        "title": action.title,
        "owner": action.owner,
        "contact_role": action.contact_role,
        "start_date": action.start_date.isoformat() if action.start_date else "",
        "due_date": action.due_date.isoformat() if action.due_date else "",
        "indicators": list(action.indicators),
        "status": action.status.value,
    }


def _change_page(
    request: Request,
    action: Any,
    cells: dict[str, Any],
    problems: dict[str, list[str]],
    status_code: int = 200,
) -> Response:
    context = {
        "item": service.recommendation(action.recommendation),
        "action": action,
        "cells": cells,
        "problems": problems,
        "indicators": service.catalogue().indicators,
    }
    return page(request, "actionplan/actie.html", context, status_code)


@router.get(
    "/actieplan/aanbevelingen/{number}/acties/{action}",
    response_class=HTMLResponse,
    include_in_schema=False,
)
def change_form(
    request: Request, container: ContainerDep, actor: ActorDep, number: Number, action: ActionNumber
) -> Response:
    found = service.get_action(container.unit_of_work(), number, action)
    views.require_edit(actor, found)
    return _change_page(request, found, _cells(found), {})


def _change(form: ChangeForm, current: Status, problems: list[Problem]) -> Change:
    reopen = bool(form.heropen)
    status: Status | None = None
    if form.status.strip():
        try:
            status = status_of(form.status)
        except InvalidInput as wrong:
            problems.extend(wrong.problems)
    if status is current:  # unchanged select (also when reopening a closed action)
        status = None
    fields: dict[str, object] = {
        "title": form.title.strip(),
        "owner": form.owner.strip(),
        "contact_role": form.contact_role.strip(),
        "start_date": form_date(form.start_date, "start_date", problems),
        "due_date": form_date(form.due_date, "due_date", problems),
        "indicators": tuple(form.indicators),
    }
    return Change(
        fields=fields,
        status=status,
        reopen=reopen,
        note=form.note.strip(),
        evidence_url=form.evidence_url.strip(),
        progress_on=form_date(form.progress_on, "progress_on", problems),
    )


@router.post(
    "/actieplan/aanbevelingen/{number}/acties/{action}",
    response_class=HTMLResponse,
    include_in_schema=False,
)
def change_action(
    request: Request,
    container: ContainerDep,
    actor: ActorDep,
    number: Number,
    action: ActionNumber,
    form: Annotated[ChangeForm, Form()],
) -> Response:
    found = service.get_action(container.unit_of_work(), number, action)
    problems: list[Problem] = []
    change = _change(form, found.status, problems)
    try:
        if problems:
            views.require_edit(actor, found)
            raise InvalidInput(problems)
        service.change_action(container.unit_of_work(write=True), actor, number, action, change)
    except (InvalidInput, Conflict) as refused:
        status_code = 409 if isinstance(refused, Conflict) else 422
        return _change_page(request, found, form.model_dump(), by_field(refused), status_code)
    return see_other(f"/actieplan/aanbevelingen/{number}?gedaan=gewijzigd#geschiedenis")
