"""The organisation's vacancy pages, in its account: its vacancies and answer times
(`/account/vacatures`), a new vacancy (`/account/vacatures/nieuw`, with the writing aid),
withdrawing one, and its applications with the answer form (`/account/vacatures/sollicitaties`).

Routes parse, call a service with the actor (which checks who may) and render; every answer is
personal (``Cache-Control: no-store``). A form with problems comes back with each problem beside
its field (422); nothing is stored.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, Field
from starlette.responses import Response

from krapte.accounts.core.permissions import Actor
from krapte.errors import InvalidInput, Unauthenticated
from krapte.placement.municipalities import municipality_names
from krapte.vacancies import service
from krapte.vacancies.core.vacancy import Draft
from krapte.web.deps import ActorDep, ContainerDep
from krapte.web.i18n import N_
from krapte.web.templating import render

router = APIRouter()

Organisation = Annotated[str, Query(max_length=300, description="De organisatie (naam).")]
DONE = {
    "gepubliceerd": N_("Je vacature staat online."),
    "ingetrokken": N_("De vacature is offline gehaald."),
    "beantwoord": N_("Je antwoord is verstuurd."),
}


class VacancyForm(BaseModel):
    """The vacancy form's fields (ticked diplomas arrive as repeated fields)."""

    organisation: str = Field("", max_length=300)
    title: str = Field("", max_length=400)
    classification: str = Field("", max_length=400)
    accepted_diplomas: list[str] = Field([], max_length=40)
    competence_route: str = Field("", max_length=8000)
    municipality: str = Field("", max_length=200)
    sector: str = Field("", max_length=200)
    hours: str = Field("", max_length=20)
    contract: str = Field("", max_length=40)
    joint_committee: str = Field("", max_length=200)
    pay_scale: str = Field("", max_length=200)
    description: str = Field("", max_length=10000)
    closes_on: str = Field("", max_length=20)
    apply_url: str = Field("", max_length=600)

    def draft(self) -> Draft:
        """The draft; the classification arrives as one choice ``occupation|option|level``."""
        occupation, _, rest = self.classification.partition("|")
        specialisation, _, level = rest.partition("|")
        cells = self.model_dump(exclude={"organisation", "classification"})
        return Draft.of(
            {**cells, "occupation": occupation, "specialisation": specialisation, "level": level}
        )


def _page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    response = render(request, name, context, status_code=status)
    response.headers["Cache-Control"] = "no-store"
    return response


def _back(page: str, organisation: str, done: str) -> str:
    return f"/account/{page}?" + urlencode({"organisatie": organisation, "gedaan": done})


def _organisation(actor: Actor, wanted: str) -> str:
    """The organisation a page is about: the one asked for, or the actor's first."""
    if not actor.authenticated:
        raise Unauthenticated("meld je aan om de vacatures van je organisatie te beheren")
    return wanted or min(actor.organisations, default="")


@router.get("/account/vacatures", response_class=HTMLResponse, include_in_schema=False)
def manage_page(
    request: Request,
    container: ContainerDep,
    actor: ActorDep,
    organisatie: Organisation = "",
    gedaan: Annotated[str, Query(max_length=20)] = "",
) -> HTMLResponse:
    organisation = _organisation(actor, organisatie)
    vacancies = service.organisation_vacancies(container.unit_of_work(), actor, organisation)
    times = service.answer_times(container.unit_of_work(), actor, organisation)
    return _page(
        request,
        "vacancies/manage.html",
        {
            "organisation": organisation,
            "organisations": sorted(actor.organisations),
            "vacancies": vacancies,
            "times": times,
            "today": service.today(),
            "done": DONE.get(gedaan, ""),
        },
    )


def _form(
    request: Request,
    container: ContainerDep,
    actor: Actor,
    form: VacancyForm,
    problems: dict[str, list[str]] | None = None,
    status: int = 200,
) -> HTMLResponse:
    return _page(
        request,
        "vacancies/form.html",
        {
            "form": form,
            "organisations": sorted(actor.organisations),
            "choices": service.choices(container.unit_of_work()),
            "municipalities": municipality_names(),
            "problems": problems or {},
        },
        status,
    )


@router.get("/account/vacatures/nieuw", response_class=HTMLResponse, include_in_schema=False)
def new_page(
    request: Request, container: ContainerDep, actor: ActorDep, organisatie: Organisation = ""
) -> HTMLResponse:
    organisation = _organisation(actor, organisatie)
    service.organisation_vacancies(container.unit_of_work(), actor, organisation)  # who may
    return _form(request, container, actor, VacancyForm(organisation=organisation))


@router.post("/account/vacatures/nieuw", response_class=HTMLResponse, include_in_schema=False)
def new_vacancy(
    request: Request,
    container: ContainerDep,
    actor: ActorDep,
    form: Annotated[VacancyForm, Form()],
) -> Response:
    organisation = _organisation(actor, form.organisation)
    try:
        vacancy = service.publish(
            container.unit_of_work(write=True), actor, organisation, form.draft()
        )
    except InvalidInput as error:
        found: dict[str, list[str]] = {}
        for problem in error.problems:
            found.setdefault(problem.field, []).append(problem.message)
        return _form(request, container, actor, form, found, 422)
    return RedirectResponse(_back("vacatures", vacancy.organisation, "gepubliceerd"), 303)


@router.post(
    "/account/vacatures/{vacancy_id}/intrekken",
    response_class=HTMLResponse,
    include_in_schema=False,
)
def withdraw(
    container: ContainerDep,
    actor: ActorDep,
    vacancy_id: Annotated[int, Path(ge=1, le=2_147_483_647)],
) -> Response:
    vacancy = service.withdraw(container.unit_of_work(write=True), actor, vacancy_id)
    return RedirectResponse(_back("vacatures", vacancy.organisation, "ingetrokken"), 303)


@router.get(
    "/account/vacatures/sollicitaties", response_class=HTMLResponse, include_in_schema=False
)
def applications_page(
    request: Request,
    container: ContainerDep,
    actor: ActorDep,
    organisatie: Organisation = "",
    gedaan: Annotated[str, Query(max_length=20)] = "",
) -> HTMLResponse:
    organisation = _organisation(actor, organisatie)
    found = service.applications(container.unit_of_work(), actor, organisation)
    return _page(
        request,
        "vacancies/applications.html",
        {
            "organisation": organisation,
            "organisations": sorted(actor.organisations),
            "applications": found,
            "done": DONE.get(gedaan, ""),
        },
    )


@router.post(
    "/account/vacatures/sollicitaties/{application_id}/antwoord",
    response_class=HTMLResponse,
    include_in_schema=False,
)
def answer(
    container: ContainerDep,
    actor: ActorDep,
    application_id: Annotated[int, Path(ge=1, le=2_147_483_647)],
    antwoord: Annotated[str, Form(max_length=8000)] = "",
) -> Response:
    found = service.answer(container.unit_of_work(write=True), actor, application_id, antwoord)
    return RedirectResponse(_back("vacatures/sollicitaties", found.organisation, "beantwoord"), 303)
