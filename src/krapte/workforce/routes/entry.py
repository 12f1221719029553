"""Staff records entered one at a time, in the browser and through the API: add an employment,
end one (last working day and reason), record a long-term absence period.

The page ``/werkkracht/{name}/personeel`` holds the three forms (plain HTML POST forms with the
app's CSRF token); a refused form comes back with its values and a Dutch message beside each
field, and nothing is stored. The API takes the same fields as JSON. Both call
:mod:`krapte.workforce.entry`, which asks the permission function (``workforce.records.write``)
first, so the record entered is returned only to the organisation's own users (and
administrators).
"""

from __future__ import annotations

from typing import Annotated, Final, Literal
from urllib.parse import quote

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field
from starlette.responses import RedirectResponse, Response

from krapte.errors import InvalidInput
from krapte.web.deps import API_AUTH, ActorDep, ContainerDep
from krapte.web.i18n import _
from krapte.web.templating import render
from krapte.workforce import entry
from krapte.workforce.core.records import (
    EXIT_REASONS,
    FUNCTIONS,
    LEVELS,
    MAX_PROGRAMME,
    MAX_PSEUDONYM,
)
from krapte.workforce.core.staff_file import COLUMNS
from krapte.workforce.routes.api import API_ERRORS, OrganisationName

router = APIRouter()
api_router = APIRouter(
    prefix="/api/v1/werkkracht",
    tags=["werkkracht"],
    responses=API_ERRORS,
    dependencies=[API_AUTH],
)

Pseudonym = Annotated[
    str,
    Path(
        min_length=1,
        max_length=MAX_PSEUDONYM,
        pattern=r"^[A-Za-z0-9._-]+$",
        description="Pseudoniem van de medewerker.",
    ),
]
DATE = 20
"""The longest date text a form or the API takes (``2024-03-01``, ``1/3/2024``)."""
Form_ = Literal["nieuw", "einde", "afwezigheid"]
FIELDS: Final[dict[str, tuple[str, ...]]] = {
    "nieuw": tuple(COLUMNS),
    "einde": ("pseudonym", "start_date", "end_date", "exit_reason"),
    "afwezigheid": ("pseudonym", "start_date", "first_day", "last_day"),
}
"""The fields of each form; a problem about another field is shown above the form."""


def _done_message(which: str | None) -> str | None:
    messages = {
        "nieuw": _("De medewerker is toegevoegd."),
        "einde": _("De tewerkstelling is beëindigd."),
        "afwezigheid": _("De periode van afwezigheid is bewaard."),
    }
    return messages.get(which or "")


class RecordIn(BaseModel):
    """One employment, with the staff file's columns."""

    pseudonym: str = Field("", max_length=MAX_PSEUDONYM, description="Eigen code, nooit een naam.")
    function: str = Field("", max_length=40, description="sociaal werker of ander.")
    programme: str = Field("", max_length=MAX_PROGRAMME, description="Diplomaopleiding.")
    level: str = Field("", max_length=40, description="graduaat, bachelor, master, verwant, ander.")
    fte: str = Field("", max_length=20, description="Voltijds equivalent, zoals 0,8.")
    birth_year_band: str = Field("", max_length=20, description="Vijf geboortejaren: 1985-1989.")
    start_date: str = Field("", max_length=DATE, description="Begindatum.")
    end_date: str = Field("", max_length=DATE, description="Laatste werkdag; leeg: in dienst.")
    exit_reason: str = Field("", max_length=60, description="Reden van vertrek (bij einddatum).")
    absences: str = Field("", max_length=2000, description="2023-01-09/2023-06-30;…")


class EndIn(BaseModel):
    """The end of an employment: its last working day and the reason."""

    end_date: str = Field("", max_length=DATE, description="Laatste werkdag.")
    exit_reason: str = Field("", max_length=60, description="Reden van vertrek.")
    start_date: str = Field("", max_length=DATE, description="Begindatum; leeg: de lopende.")


class AbsenceIn(BaseModel):
    """A long-term absence period within an employment."""

    first_day: str = Field("", max_length=DATE, description="Eerste dag.")
    last_day: str = Field("", max_length=DATE, description="Laatste dag.")
    start_date: str = Field("", max_length=DATE, description="Begindatum; leeg: de lopende.")


class RecordOut(BaseModel):
    """The employment after the change (only for the organisation's own users)."""

    organisation: str
    pseudonym: str
    function: str
    programme: str
    level: str
    fte: str
    birth_year_band: str
    start_date: str
    end_date: str
    exit_reason: str
    absences: str

    @classmethod
    def of(cls, record: entry.StaffRecord) -> RecordOut:
        return cls.model_validate(record.as_dict())


class PseudonymForm(BaseModel):
    pseudonym: str = Field("", max_length=MAX_PSEUDONYM)


class EndForm(EndIn, PseudonymForm):
    pass


class AbsenceForm(AbsenceIn, PseudonymForm):
    pass


# --- API -------------------------------------------------------------------------------------


@api_router.post(
    "/organisaties/{name}/medewerkers",
    status_code=201,
    summary="Een medewerker toevoegen",
    description="Voegt één tewerkstelling toe, met dezelfde controles als een bestand. Alleen "
    "voor de eigen organisatie; het pseudoniem bevat een cijfer en is nooit een naam.",
)
def api_add(
    container: ContainerDep, actor: ActorDep, name: OrganisationName, body: RecordIn
) -> RecordOut:
    uow = container.unit_of_work(write=True)
    return RecordOut.of(entry.add_record(uow, actor, name, body.model_dump()))


@api_router.patch(
    "/organisaties/{name}/medewerkers/{pseudonym}",
    summary="Een tewerkstelling beëindigen",
    description="Zet de laatste werkdag en de reden van vertrek van de lopende tewerkstelling "
    "(of die met de gegeven begindatum).",
)
def api_end(
    container: ContainerDep,
    actor: ActorDep,
    name: OrganisationName,
    pseudonym: Pseudonym,
    body: EndIn,
) -> RecordOut:
    uow = container.unit_of_work(write=True)
    ended = entry.end_employment(
        uow, actor, name, pseudonym, body.end_date, body.exit_reason, start_date=body.start_date
    )
    return RecordOut.of(ended)


@api_router.post(
    "/organisaties/{name}/medewerkers/{pseudonym}/afwezigheden",
    status_code=201,
    summary="Langdurige afwezigheid bewaren",
    description="Een periode van langdurige afwezigheid binnen de tewerkstelling.",
)
def api_absence(
    container: ContainerDep,
    actor: ActorDep,
    name: OrganisationName,
    pseudonym: Pseudonym,
    body: AbsenceIn,
) -> RecordOut:
    uow = container.unit_of_work(write=True)
    found = entry.add_absence(
        uow, actor, name, pseudonym, body.first_day, body.last_day, start_date=body.start_date
    )
    return RecordOut.of(found)


# --- pages -----------------------------------------------------------------------------------


def _page(
    request: Request,
    name: str,
    *,
    refused: Form_ | None = None,
    values: dict[str, str] | None = None,
    problems: InvalidInput | None = None,
    done: str | None = None,
) -> HTMLResponse:
    errors: dict[str, str] = {}
    for problem in problems.problems if problems else []:
        key = problem.field if refused and problem.field in FIELDS[refused] else ""
        errors[key] = f"{errors[key]} {problem.message}" if key in errors else problem.message
    context = {
        "name": name,
        "refused": refused,
        "form": values or {},
        "errors": errors,
        "done": _done_message(done),
        "functions": FUNCTIONS,
        "levels": LEVELS,
        "exit_reasons": EXIT_REASONS,
    }
    return render(request, "werkkracht_personeel.html", context, 422 if refused else 200)


def _done(name: str, which: Form_) -> Response:
    return RedirectResponse(f"/werkkracht/{quote(name, safe='')}/personeel?gedaan={which}", 303)


@router.get("/werkkracht/{name}/personeel", response_class=HTMLResponse, include_in_schema=False)
def staff_page(
    request: Request,
    container: ContainerDep,
    actor: ActorDep,
    name: OrganisationName,
    gedaan: Annotated[str | None, Query(max_length=20)] = None,
) -> HTMLResponse:
    entry.require_writer(container.unit_of_work(), actor, name)
    return _page(request, name, done=gedaan)


@router.post("/werkkracht/{name}/personeel/nieuw", include_in_schema=False)
def add_form(
    request: Request,
    container: ContainerDep,
    actor: ActorDep,
    name: OrganisationName,
    form: Annotated[RecordIn, Form()],
) -> Response:
    values = form.model_dump()
    try:
        entry.add_record(container.unit_of_work(write=True), actor, name, values)
    except InvalidInput as refused:
        return _page(request, name, refused="nieuw", values=values, problems=refused)
    return _done(name, "nieuw")


@router.post("/werkkracht/{name}/personeel/einde", include_in_schema=False)
def end_form(
    request: Request,
    container: ContainerDep,
    actor: ActorDep,
    name: OrganisationName,
    form: Annotated[EndForm, Form()],
) -> Response:
    try:
        entry.end_employment(
            container.unit_of_work(write=True),
            actor,
            name,
            form.pseudonym,
            form.end_date,
            form.exit_reason,
            start_date=form.start_date,
        )
    except InvalidInput as refused:
        values = form.model_dump()
        return _page(request, name, refused="einde", values=values, problems=refused)
    return _done(name, "einde")


@router.post("/werkkracht/{name}/personeel/afwezigheid", include_in_schema=False)
def absence_form(
    request: Request,
    container: ContainerDep,
    actor: ActorDep,
    name: OrganisationName,
    form: Annotated[AbsenceForm, Form()],
) -> Response:
    try:
        entry.add_absence(
            container.unit_of_work(write=True),
            actor,
            name,
            form.pseudonym,
            form.first_day,
            form.last_day,
            start_date=form.start_date,
        )
    except InvalidInput as refused:
        values = form.model_dump()
        return _page(request, name, refused="afwezigheid", values=values, problems=refused)
    return _done(name, "afwezigheid")
