"""The round administrator's pages: settings and dates, phases, allocation, statistics, the
stability check, the status-quo comparison, publication, runs, follow-up and the downloads.

Every action is a plain form (POST, CSRF checked app-wide) that redirects to the page with a
Dutch confirmation; the services decide who may act and when.
"""

from __future__ import annotations

import io
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from krapte.accounts.core.permissions import allowed
from krapte.errors import InvalidInput
from krapte.placement.core.calendar import PHASE_LABELS, Phase, next_phase
from krapte.placement.rounds import allocation, calendar_service, followup_service
from krapte.placement.routes.home import problems_by_field
from krapte.placement.routes.personal import DONE, Done, RoundId, RunId, done_message, see_other
from krapte.tabular import write_csv
from krapte.web.deps import ActorDep, ContainerDep
from krapte.web.templating import render

router = APIRouter()

SeedText = Annotated[str, Form(max_length=12)]
Compare = Annotated[bool, Query()]


def _seed(text: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise InvalidInput.single(
            f"geef een geheel getal, niet '{text}'", field="startwaarde van de loting"
        ) from None


def _done(rid: int, key: str) -> RedirectResponse:
    assert key in DONE
    return see_other(f"/stages/{rid}/beheer?gedaan={key}")


def _page(
    request: Request,
    container: ContainerDep,
    actor: ActorDep,
    rid: int,
    *,
    compare: bool = False,
    form: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    message: str = "",
    status: int = 200,
) -> Response:
    runs = allocation.list_runs(container.unit_of_work(), actor, rid)
    info = calendar_service.get_round(container.unit_of_work(), actor, rid)
    latest = (
        allocation.run_detail(container.unit_of_work(), actor, rid, runs[0].id) if runs else None
    )
    published = info.phase in (Phase.PUBLISHED, Phase.FOLLOW_UP)
    places = followup_service.free_places(container.unit_of_work(), actor, rid) if published else []
    quo = allocation.status_quo(container.unit_of_work(), actor, rid) if compare else None
    target = next_phase(info.phase)
    context = {
        "info": info, "runs": runs, "latest": latest, "places": places, "status_quo": quo,
        "labels": PHASE_LABELS, "next_phase": target if target in calendar_service.MANUAL else None,
        "form": form or calendar_service.form_of(info), "errors": errors or {},
        "form_action": f"/stages/{rid}/beheer", "notice": message,
        "can_publish": allowed(actor, "round.publish") and info.phase is Phase.ALLOCATED,
    }  # fmt: skip
    return render(request, "beheer_home.html", context, status_code=status)


@router.get("/stages/{rid}/beheer", include_in_schema=False)
def admin_page(
    request: Request,
    container: ContainerDep,
    actor: ActorDep,
    rid: RoundId,
    gedaan: Done = "",
    vergelijk: Compare = False,
) -> Response:
    return _page(request, container, actor, rid, compare=vergelijk, message=done_message(gedaan))


@router.post("/stages/{rid}/beheer", include_in_schema=False)
async def save_settings(
    request: Request, container: ContainerDep, actor: ActorDep, rid: RoundId
) -> Response:
    fields = {key: str(value)[:4000] for key, value in (await request.form()).items()}
    try:
        calendar_service.update_round(container.unit_of_work(write=True), actor, rid, fields)
    except InvalidInput as error:
        return _page(
            request, container, actor, rid, form=fields, errors=problems_by_field(error),
            status=422,
        )  # fmt: skip
    return _done(rid, "instellingen")


@router.post("/stages/{rid}/beheer/fase", include_in_schema=False)
def move_phase(
    container: ContainerDep,
    actor: ActorDep,
    rid: RoundId,
    fase: Annotated[str, Form(max_length=20)],
) -> Response:
    try:
        target = Phase(fase)
    except ValueError:
        raise InvalidInput.single(f"onbekende fase '{fase}'", field="fase") from None
    calendar_service.advance_phase(container.unit_of_work(write=True), actor, rid, target)
    return _done(rid, "fase")


@router.post("/stages/{rid}/beheer/toewijzen", include_in_schema=False)
def allocate(
    container: ContainerDep, actor: ActorDep, rid: RoundId, seed: SeedText = ""
) -> Response:
    allocation.allocate(container.unit_of_work(write=True), actor, rid, _seed(seed))
    return _done(rid, "toegewezen")


@router.post("/stages/{rid}/beheer/publiceren", include_in_schema=False)
def publish(
    container: ContainerDep, actor: ActorDep, rid: RoundId,
    run: Annotated[int | None, Form(ge=1, le=2**31 - 1)] = None,
) -> Response:  # fmt: skip
    allocation.publish(container.unit_of_work(write=True), actor, rid, run)
    return _done(rid, "gepubliceerd")


@router.post("/stages/{rid}/beheer/opvolgronde", include_in_schema=False)
def followup(
    container: ContainerDep, actor: ActorDep, rid: RoundId, seed: SeedText = ""
) -> Response:
    followup_service.run_followup(container.unit_of_work(write=True), actor, rid, _seed(seed))
    return _done(rid, "opvolgronde")


Check = Annotated[str, Query(max_length=2, pattern="^[01]{2}$")]


@router.get("/stages/{rid}/beheer/runs/{run_id}", include_in_schema=False)
def run_page(
    request: Request,
    container: ContainerDep,
    actor: ActorDep,
    rid: RoundId,
    run_id: RunId,
    controle: Check = "",
) -> Response:
    detail = allocation.run_detail(container.unit_of_work(), actor, rid, run_id)
    info = calendar_service.get_round(container.unit_of_work(), actor, rid)
    reproduced = (
        allocation.Reproduction(run_id, controle[0] == "1", controle[1] == "1")
        if controle
        else None
    )
    return render(
        request, "beheer_run.html", {"info": info, "detail": detail, "reproduced": reproduced}
    )


@router.post("/stages/{rid}/beheer/runs/{run_id}", include_in_schema=False)
def reproduce(container: ContainerDep, actor: ActorDep, rid: RoundId, run_id: RunId) -> Response:
    found = allocation.reproduce_run(container.unit_of_work(), actor, rid, run_id)
    outcome = f"{int(found.identical)}{int(found.checksum_matches)}"
    return RedirectResponse(
        f"/stages/{rid}/beheer/runs/{run_id}?controle={outcome}", status_code=303
    )


def _csv(name: str, header: tuple[str, ...], rows: list[tuple[object, ...]]) -> Response:
    text = io.StringIO()
    write_csv(text, header, rows)
    return Response(
        "\ufeff" + text.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="{name}"'},
    )


@router.get("/stages/{rid}/beheer/loting.csv", include_in_schema=False)
def lottery_csv(container: ContainerDep, actor: ActorDep, rid: RoundId) -> Response:
    rows = allocation.lottery_rows(container.unit_of_work(), actor, rid)
    return _csv(f"loting-ronde-{rid}.csv", ("student_id", "lottery_number"), list(rows))


@router.get("/stages/{rid}/beheer/vrije-plaatsen.csv", include_in_schema=False)
def free_places_csv(container: ContainerDep, actor: ActorDep, rid: RoundId) -> Response:
    places = followup_service.free_places(container.unit_of_work(), actor, rid)
    rows = [tuple(p.as_dict().values()) for p in places]
    return _csv(f"vrije-plaatsen-ronde-{rid}.csv", followup_service.FREE_PLACE_COLUMNS, rows)
