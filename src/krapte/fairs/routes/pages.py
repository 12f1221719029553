"""The job fairs' pages: the list per region, a fair with its registration form, the iCalendar
file, cancelling by the mailed link, and the organiser's pages (a new fair, the visitors).

Pages that show places left are never cached (they change with every registration); the
organiser's pages are personal. Routes parse, call a service and render.
"""

from __future__ import annotations

from typing import Annotated, Any, Final

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from krapte.errors import InvalidInput
from krapte.fairs import registrations, service
from krapte.fairs.core.form import BRUSSELS, FIELDS
from krapte.fairs.core.records import KIND_LABELS, MAX_TEXT, Status
from krapte.web.deps import ActorDep, ContainerDep
from krapte.web.i18n import N_, _
from krapte.web.templating import render

router = APIRouter(include_in_schema=False)
FairId = Annotated[int, Path(ge=1, le=2**31 - 1)]
Token = Annotated[str, Path(min_length=20, max_length=100)]
FormText = Annotated[str, Form(max_length=MAX_TEXT)]
PAGE_SIZE: Final = 20

DONE: Final = {
    "ingeschreven": N_("Je bent ingeschreven. Je krijgt een mail met een link om te annuleren."),
    "wachtlijst": N_("De jobbeurs is volzet: je staat op de wachtlijst. Komt er een plaats vrij, "
                     "dan krijg je een mail."),
    "aangemaakt": N_("De jobbeurs is bewaard."),
    "aanwezigheden": N_("De aanwezigheden zijn bewaard."),
    "plaatsen": N_("Het aantal plaatsen is bewaard. Wie een plaats kreeg, krijgt een mail."),
}  # fmt: skip


#: Problems of the fair's times are shown beside the form's fields for them.
FORM_FIELDS: Final = {"starts_at": "starts", "ends_at": "ends"}


def _page(
    request: Request, name: str, context: dict[str, Any], status_code: int = 200
) -> HTMLResponse:
    """A fair's page in Belgian time. Places left change with every registration and the
    organiser's pages are personal: no cache may keep any of them."""
    response = render(request, name, {**context, "brussels": BRUSSELS}, status_code)
    response.headers["Cache-Control"] = "no-store"
    return response


def _problems(error: InvalidInput) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for problem in error.problems:
        found.setdefault(FORM_FIELDS.get(problem.field, problem.field), []).append(problem.message)
    return found


@router.get("/jobbeurzen")
def fairs_page(
    request: Request,
    container: ContainerDep,
    actor: ActorDep,
    provincie: str = Query("", max_length=40),
    voorbije: bool = Query(False),
    pagina: int = Query(1, ge=1, le=10_000),
) -> HTMLResponse:
    found = service.list_fairs(
        container.unit_of_work(),
        province=provincie,
        past=voorbije,
        offset=(pagina - 1) * PAGE_SIZE,
        limit=PAGE_SIZE,
    )
    pages = max(1, -(-found.total // PAGE_SIZE))
    context = {"page": found, "number": pagina, "pages": pages,
               "may_organise": service.may_organise(actor)}  # fmt: skip
    return _page(request, "jobbeurzen.html", context)


@router.get("/jobbeurzen/nieuw")
def new_fair_page(request: Request, actor: ActorDep) -> HTMLResponse:
    service.require_organiser(actor)
    form = {"organiser": sorted(actor.organisations)[0] if actor.organisations else ""}
    return _page(request, "jobbeurs_nieuw.html", {"form": form, "problems": {}})


@router.post("/jobbeurzen/nieuw")
async def create_fair(request: Request, container: ContainerDep, actor: ActorDep) -> Response:
    posted = await request.form()
    form = {name: str(posted.get(name, ""))[:MAX_TEXT] for name in FIELDS}
    try:
        made = service.create_fair_from_form(container.unit_of_work(write=True), actor, form)
    except InvalidInput as exc:
        context = {"form": form, "problems": _problems(exc)}
        return _page(request, "jobbeurs_nieuw.html", context, 422)
    return RedirectResponse(f"/jobbeurzen/{made.id}/bezoekers?gedaan=aangemaakt", 303)


def _fair_page(
    request: Request, container: Any, actor: Any, fair_id: int, status: int = 200, **extra: Any
) -> HTMLResponse:
    fair = service.get_fair(container.unit_of_work(), fair_id)
    context = {
        "fair": fair,
        "participants": service.participants(container.unit_of_work(), fair),
        "kinds": KIND_LABELS,
        "over": fair.over(service.now()),
        "may_manage": service.may_manage(actor, fair),
        "form": {},
        "problems": {},
        **extra,
    }
    return _page(request, "jobbeurs.html", context, status)


@router.get("/jobbeurzen/{fair_id}")
def fair_page(
    request: Request,
    container: ContainerDep,
    actor: ActorDep,
    fair_id: FairId,
    gedaan: str = Query("", max_length=40),
    plaats: int = Query(0, ge=0, le=1_000_000),
) -> HTMLResponse:
    notice = _(DONE[gedaan]) if gedaan in DONE else ""
    return _fair_page(request, container, actor, fair_id, notice=notice, position=plaats)


@router.post("/jobbeurzen/{fair_id}/inschrijven")
def register(
    request: Request,
    container: ContainerDep,
    actor: ActorDep,
    fair_id: FairId,
    naam: Annotated[str, Form(max_length=200)] = "",
    email: Annotated[str, Form(max_length=254)] = "",
    toestemming: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    try:
        made = registrations.register(
            container.unit_of_work(write=True),
            fair_id,
            naam,
            email,
            consent=toestemming == "ja",
            base_url=str(request.base_url),
            settings=container.settings,
        )
    except InvalidInput as exc:
        form = {"name": naam, "email": email}
        return _fair_page(request, container, actor, fair_id, 422, form=form,
                          problems=_problems(exc))  # fmt: skip
    if made.status is Status.WAITING:
        target = f"/jobbeurzen/{fair_id}?gedaan=wachtlijst&plaats={made.position}#inschrijven"
    else:
        target = f"/jobbeurzen/{fair_id}?gedaan=ingeschreven#inschrijven"
    return RedirectResponse(target, 303)


@router.get("/jobbeurzen/{fair_id}/agenda.ics")
def calendar(request: Request, container: ContainerDep, fair_id: FairId) -> Response:
    url = str(request.url_for("fair_page", fair_id=fair_id))
    body = service.calendar_file(container.unit_of_work(), fair_id, url)
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="jobbeurs-{fair_id}.ics"'},
    )


@router.get("/jobbeurzen/annuleren/{token}")
def cancellation_page(request: Request, container: ContainerDep, token: Token) -> HTMLResponse:
    found = registrations.cancellation(container.unit_of_work(), token)
    context = {"fair": found.fair, "status": found.status, "token": token, "done": False}
    return _page(request, "jobbeurs_annuleren.html", context)


@router.post("/jobbeurzen/annuleren/{token}")
def cancel(request: Request, container: ContainerDep, token: Token) -> HTMLResponse:
    found = registrations.cancel(
        container.unit_of_work(write=True),
        token,
        base_url=str(request.base_url),
        settings=container.settings,
    )
    context = {"fair": found.fair, "status": found.status, "token": "", "done": True}
    return _page(request, "jobbeurs_annuleren.html", context)


@router.get("/jobbeurzen/{fair_id}/bezoekers")
def visitors_page(
    request: Request,
    container: ContainerDep,
    actor: ActorDep,
    fair_id: FairId,
    gedaan: str = Query("", max_length=40),
) -> HTMLResponse:
    seen = registrations.visitors(container.unit_of_work(), actor, fair_id)
    notice = _(DONE[gedaan]) if gedaan in DONE else ""
    context = {"seen": seen, "notice": notice, "started": seen.fair.starts_at <= service.now(),
               "problems": {}}  # fmt: skip
    return _page(request, "jobbeurs_bezoekers.html", context)


@router.post("/jobbeurzen/{fair_id}/bezoekers")
async def record_attendance(
    request: Request, container: ContainerDep, actor: ActorDep, fair_id: FairId
) -> Response:
    posted = await request.form()
    present = {
        int(str(v)) for v in posted.getlist("aanwezig") if str(v).isdigit() and len(str(v)) < 10
    }
    walk_ins_text = str(posted.get("zonder_inschrijving", "0")).strip() or "0"
    try:
        walk_ins = int(walk_ins_text) if len(walk_ins_text) < 10 else -1
    except ValueError:
        walk_ins = -1
    try:
        registrations.record_attendance(
            container.unit_of_work(write=True), actor, fair_id, present, walk_ins
        )
    except InvalidInput as exc:
        seen = registrations.visitors(container.unit_of_work(), actor, fair_id)
        context = {"seen": seen, "notice": "", "started": True, "problems": _problems(exc)}
        return _page(request, "jobbeurs_bezoekers.html", context, 422)
    return RedirectResponse(f"/jobbeurzen/{fair_id}/bezoekers?gedaan=aanwezigheden", 303)


@router.post("/jobbeurzen/{fair_id}/plaatsen")
def change_capacity(
    request: Request,
    container: ContainerDep,
    actor: ActorDep,
    fair_id: FairId,
    plaatsen: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    try:
        capacity = int(plaatsen.strip())
    except ValueError:
        capacity = 0
    try:
        registrations.change_capacity(
            container.unit_of_work(write=True),
            actor,
            fair_id,
            capacity,
            base_url=str(request.base_url),
            settings=container.settings,
        )
    except InvalidInput as exc:
        seen = registrations.visitors(container.unit_of_work(), actor, fair_id)
        started = seen.fair.starts_at <= service.now()
        context = {"seen": seen, "notice": "", "started": started, "problems": _problems(exc)}
        return _page(request, "jobbeurs_bezoekers.html", context, 422)
    return RedirectResponse(f"/jobbeurzen/{fair_id}/bezoekers?gedaan=plaatsen", 303)
