"""The rounds everyone signed in can see (`/stages`) and a round's home (`/stages/{rid}`).

The home shows the calendar (every phase, the current one marked, the planned days, the phase's
purpose) and what the signed-in user can do now, with links to the pages of their role.
"""

from __future__ import annotations

from enum import Enum

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field

from krapte.accounts.core.permissions import allowed
from krapte.errors import InvalidInput
from krapte.placement.core.calendar import PHASE_LABELS
from krapte.placement.rounds import calendar_service
from krapte.placement.rounds.state import RoundInfo
from krapte.placement.routes.personal import API_ERRORS, Done, RoundId, done_message
from krapte.web.deps import API_AUTH, ActorDep, ContainerDep
from krapte.web.templating import render

router = APIRouter()


def problems_by_field(error: InvalidInput) -> dict[str, str]:
    """Form field -> its problems, for showing them beside the fields."""
    keys = {label: key for key, label in calendar_service.FIELD_LABELS.items()}
    found: dict[str, str] = {}
    for problem in error.problems:
        key = keys.get(problem.field, "")
        found[key] = f"{found[key]} {problem.message}".strip() if key in found else problem.message
    return found


@router.get("/stages", include_in_schema=False)
def rounds_page(
    request: Request, container: ContainerDep, actor: ActorDep, gedaan: Done = ""
) -> Response:
    rounds = calendar_service.list_rounds(container.unit_of_work(), actor)
    return render(
        request,
        "stages_list.html",
        {
            "rounds": rounds,
            "labels": PHASE_LABELS,
            "can_manage": allowed(actor, "round.manage"),
            "form": {"max_choices": "10", "min_choices": "3"},
            "errors": {},
            "notice": done_message(gedaan),
        },
    )


@router.post("/stages", include_in_schema=False)
async def create_round_form(request: Request, container: ContainerDep, actor: ActorDep) -> Response:
    fields = {key: str(value)[:4000] for key, value in (await request.form()).items()}
    try:
        info = calendar_service.create_round(container.unit_of_work(write=True), actor, fields)
    except InvalidInput as error:
        rounds = calendar_service.list_rounds(container.unit_of_work(), actor)
        context = {
            "rounds": rounds, "labels": PHASE_LABELS, "can_manage": True, "form": fields,
            "errors": problems_by_field(error), "notice": "",
        }  # fmt: skip
        return render(request, "stages_list.html", context, status_code=422)
    return RedirectResponse(f"/stages/{info.id}/beheer?gedaan=ronde", status_code=303)


@router.get("/stages/{rid}", include_in_schema=False)
def round_home_page(
    request: Request, container: ContainerDep, actor: ActorDep, rid: RoundId
) -> Response:
    home = calendar_service.round_home(container.unit_of_work(), actor, rid)
    return render(request, "stages_home.html", {"home": home, "info": home.info})


class RoundOut(BaseModel):
    id: int
    name: str
    description: str
    phase: str = Field(description="Fase (Engelse sleutel), bv. rankings_open.")
    phase_label: str = Field(description="De fase in het Nederlands.")
    offers_open_at: str | None = Field(description="Aanbod open (ISO 8601, UTC).")
    rankings_open_at: str | None
    rankings_close_at: str | None = Field(description="Deadline van de lijsten (ISO 8601, UTC).")
    publish_at: str | None
    min_choices: int
    max_choices: int
    published_run_id: int | None


def round_out(info: RoundInfo) -> RoundOut:
    found = info.as_dict()
    return RoundOut(
        **found,
        phase_label=PHASE_LABELS[info.phase],
        published_run_id=info.published_run_id,
    )


class PhaseOut(BaseModel):
    phase: str
    label: str
    purpose: str
    current: bool
    done: bool


class TaskOut(BaseModel):
    label: str
    path: str
    available: bool = Field(description="Kan nu, in deze fase.")


class RoundHomeOut(BaseModel):
    round: RoundOut
    calendar: list[PhaseOut]
    tasks: list[TaskOut] = Field(description="Wat de gebruiker in deze ronde kan doen.")


TAGS: list[str | Enum] = ["stages"]
AUTH = [API_AUTH]


@router.get(
    "/api/v1/stages",
    summary="De stagerondes met hun fase",
    description="Voor iedereen die aangemeld is (sessie of API-sleutel).",
    responses=API_ERRORS,
    tags=TAGS,
    dependencies=AUTH,
)
def api_rounds(container: ContainerDep, actor: ActorDep) -> list[RoundOut]:
    return [
        round_out(info) for info in calendar_service.list_rounds(container.unit_of_work(), actor)
    ]


@router.get(
    "/api/v1/stages/{rid}",
    summary="Eén stageronde: kalender, fase en wat je nu kunt doen",
    description="Alle fasen met de huidige gemarkeerd, de geplande data en je taken.",
    responses=API_ERRORS,
    tags=TAGS,
    dependencies=AUTH,
)
def api_round(container: ContainerDep, actor: ActorDep, rid: RoundId) -> RoundHomeOut:
    home = calendar_service.round_home(container.unit_of_work(), actor, rid)
    return RoundHomeOut(
        round=round_out(home.info),
        calendar=[
            PhaseOut(
                phase=s.phase.value,
                label=s.label,
                purpose=s.purpose,
                current=s.current,
                done=s.done,
            )
            for s in home.steps
        ],
        tasks=[TaskOut(label=t.label, path=t.path, available=t.available) for t in home.tasks],
    )
