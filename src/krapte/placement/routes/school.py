"""The school coordinator's pages and API: the students of their schools
(``/stages/{rid}/studenten``: completeness, reminders, results), one added with a form
(``/studenten/nieuw``) or many from a spreadsheet (``/studenten/importeren``).

Routes parse, take the actor and call :mod:`krapte.placement.rounds.students` and
:mod:`krapte.placement.rounds.results`; the services check who and when.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Any, Final

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, Response

from krapte.accounts.mail import send_message
from krapte.bootstrap import Container
from krapte.errors import InvalidInput
from krapte.placement.core.calendar import allows
from krapte.placement.rounds import results, students
from krapte.placement.rounds.state import RoundInfo, now
from krapte.placement.rounds.students import COLUMNS, SendMessage, StudentRow
from krapte.placement.routes.people_models import (
    Added,
    ResultResponse,
    StudentIn,
    StudentItem,
    StudentList,
)
from krapte.placement.routes.personal import (
    API_ERRORS,
    Done,
    RoundId,
    by_field,
    done_message,
    page,
    see_other,
)
from krapte.web.deps import API_AUTH, ActorDep, ContainerDep

router = APIRouter(include_in_schema=False)
api = APIRouter(
    prefix="/api/v1/stages", tags=["stages"], dependencies=[API_AUTH], responses=API_ERRORS
)

MAX_UPLOAD_BYTES: Final = 10 * 1024 * 1024
UPLOAD_FIELD: Final = "bestand"


def mailer(container: Container) -> SendMessage:
    """The one place the round's mail leaves: the accounts capability's ``send_message``."""

    def send(to: str, subject: str, body: str) -> None:
        send_message(container.settings, to, subject, body)

    return send


def _overview(container: Container, actor: ActorDep, rid: int) -> tuple[
    RoundInfo, list[StudentRow], list[results.StudentResult]
]:  # fmt: skip
    rows = students.list_students(container.unit_of_work(), actor, rid)
    info = students.round_of(container.unit_of_work(), rid)
    found = (
        results.school_results(container.unit_of_work(), actor, rid)
        if allows(info.calendar, "result.read", now()) and info.published_run_id is not None
        else []
    )
    return info, rows, found


@router.get("/stages/{rid}/studenten", response_class=HTMLResponse)
def student_list(
    request: Request, container: ContainerDep, actor: ActorDep, rid: RoundId, gedaan: Done = ""
) -> HTMLResponse:
    info, rows, found = _overview(container, actor, rid)
    context = {"active": "stages", "rid": rid, "round": info, "students": rows,
               "results": found, "done": done_message(gedaan),
               "can_remind": allows(info.calendar, "student.remind", now()),
               "can_add": allows(info.calendar, "student.write", now())}  # fmt: skip
    return page(request, "studenten_lijst.html", context)


def _form_page(
    request: Request, actor: ActorDep, rid: int, form: dict[str, str],
    problems: dict[str, list[str]], status_code: int = 200,
) -> HTMLResponse:  # fmt: skip
    context = {"active": "stages", "rid": rid, "form": form, "problems": problems,
               "schools": sorted(actor.schools)}  # fmt: skip
    return page(request, "studenten_nieuw.html", context, status_code=status_code)


@router.get("/stages/{rid}/studenten/nieuw", response_class=HTMLResponse)
def new_student(
    request: Request, container: ContainerDep, actor: ActorDep, rid: RoundId
) -> HTMLResponse:
    students.list_students(container.unit_of_work(), actor, rid)  # only those who may see them
    return _form_page(request, actor, rid, {}, {})


@router.post("/stages/{rid}/studenten/nieuw")
async def add_student(
    request: Request, container: ContainerDep, actor: ActorDep, rid: RoundId
) -> Response:
    received = await request.form()
    form = {column: str(received.get(column, ""))[:400] for column in COLUMNS}
    try:
        students.add_student(container.unit_of_work(write=True), actor, rid, form)
    except InvalidInput as error:
        return _form_page(request, actor, rid, form, by_field(error), status_code=422)
    return see_other(f"/stages/{rid}/studenten?gedaan=toegevoegd")


def _import_page(
    request: Request, rid: int, problems: list[str], status_code: int = 200
) -> HTMLResponse:
    context: dict[str, Any] = {"active": "stages", "rid": rid, "problems": problems,
                               "columns": COLUMNS}  # fmt: skip
    return page(request, "studenten_importeren.html", context, status_code=status_code)


@router.get("/stages/{rid}/studenten/importeren", response_class=HTMLResponse)
def import_form(
    request: Request, container: ContainerDep, actor: ActorDep, rid: RoundId
) -> HTMLResponse:
    students.list_students(container.unit_of_work(), actor, rid)
    return _import_page(request, rid, [])


def _problem_lines(error: InvalidInput) -> list[str]:
    lines = []
    for problem in error.problems:
        where = [problem.file] if problem.file else []
        if problem.row:
            where.append(f"rij {problem.row}")
        if problem.field:
            where.append(f"kolom {problem.field}")
        lines.append(", ".join(where) + (": " if where else "") + problem.message)
    return lines


@router.post("/stages/{rid}/studenten/importeren")
async def import_file(
    request: Request,
    container: ContainerDep,
    actor: ActorDep,
    rid: RoundId,
    bestand: Annotated[UploadFile, File()],
) -> Response:
    raw = await bestand.read(MAX_UPLOAD_BYTES + 1)
    name = Path(bestand.filename or "studenten.csv").name
    if len(raw) > MAX_UPLOAD_BYTES:
        return _import_page(request, rid, [f"{name}: het bestand is groter dan 10 MB"], 422)
    if not name.lower().endswith((".csv", ".xlsx", ".txt")):
        return _import_page(request, rid, [f"{name}: kies een CSV- of Excel-bestand (.xlsx)"], 422)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(raw)
        try:
            students.import_students(container.unit_of_work(write=True), actor, rid, path)
        except InvalidInput as error:
            return _import_page(request, rid, _problem_lines(error), 422)
    return see_other(f"/stages/{rid}/studenten?gedaan=ingelezen")


@router.post("/stages/{rid}/studenten/herinneren")
def remind(
    container: ContainerDep,
    actor: ActorDep,
    rid: RoundId,
    student_id: Annotated[list[str], Form(max_length=5_000)],
) -> Response:
    done = students.remind_students(
        container.unit_of_work(write=True), actor, rid, student_id, mailer(container)
    )
    key = "herinnerd" if done.sent else "niet-herinnerd"
    return see_other(f"/stages/{rid}/studenten?gedaan={key}")


# --- API -------------------------------------------------------------------------------------


@api.get(
    "/{rid}/studenten",
    summary="De studenten van je scholen",
    description="Elke student met het aantal keuzes en of de lijst volledig is; na publicatie "
    "ook het resultaat met de uitleg van elke hogere keuze.",
)
def students_api(container: ContainerDep, actor: ActorDep, rid: RoundId) -> StudentList:
    _, rows, found = _overview(container, actor, rid)
    return StudentList(
        students=[StudentItem.model_validate(row.as_dict()) for row in rows],
        results=[ResultResponse.model_validate(result.as_dict()) for result in found],
    )


@api.post(
    "/{rid}/studenten",
    summary="Een student toevoegen",
    description="Voegt één student toe aan een van jouw scholen (dezelfde controles als het "
    "bestand).",
    status_code=201,
)
def add_student_api(
    container: ContainerDep, actor: ActorDep, rid: RoundId, body: StudentIn
) -> Added:
    form = {key: str(value) for key, value in body.model_dump().items()}
    added = students.add_student(container.unit_of_work(write=True), actor, rid, form)
    return Added(added=added)
