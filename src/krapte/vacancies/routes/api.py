"""The vacancies' JSON API under `/api/v1/vacancies`: the same permission function as the pages.

Public operations show only open vacancies and never an applicant; an organisation's
applications are answered only to that organisation (API token or session).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request, Response
from pydantic import BaseModel, Field

from krapte.vacancies import service
from krapte.vacancies.core.application import AnswerTimes, Application
from krapte.vacancies.core.jsonld import job_posting
from krapte.vacancies.core.search import MAX_PAGE_SIZE, PAGE_SIZE, Search
from krapte.vacancies.core.vacancy import Draft, Vacancy
from krapte.vacancies.routes.cache import public, uncached
from krapte.web.deps import API_AUTH, ActorDep, ContainerDep
from krapte.web.openapi import ErrorModel

router = APIRouter(prefix="/api/v1/vacancies", tags=["vacatures"])
account_router = APIRouter(prefix="/api/v1/account/vacancies", tags=["vacatures"])
"""An organisation's own data (its applications), under the account's prefix."""

Id = Annotated[int, Path(ge=1, le=2_147_483_647, description="Het nummer.")]
Text = Annotated[str, Query(max_length=200)]
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "Niet aangemeld of ongeldige API-sleutel.", "model": ErrorModel},
    403: {"description": "Niet jouw organisatie.", "model": ErrorModel},
    404: {"description": "Bestaat niet.", "model": ErrorModel},
}
HOURS = {"full_time": "voltijds", "part_time": "deeltijds"}


class VacancyOut(BaseModel):
    id: int
    organisation: str
    title: str
    occupation: str
    specialisation: str
    level: str
    programme: str = Field(description="Het diploma uit de classificatie (rapport 4.1.5).")
    accepted_diplomas: list[str]
    competence_route: str
    municipality: str
    province: str
    sector: str
    hours: float = Field(description="Uren per week.")
    contract: str
    joint_committee: str
    pay_scale: str
    description: str
    posted_on: date
    closes_on: date
    apply_url: str
    open: bool
    url: str

    @classmethod
    def of(cls, vacancy: Vacancy) -> VacancyOut:
        fields = {
            name: getattr(vacancy, name)
            for name in cls.model_fields
            if name not in {"open", "url", "accepted_diplomas"}
        }
        return cls(
            **fields,
            accepted_diplomas=list(vacancy.accepted_diplomas),
            open=vacancy.open_on(service.today()),
            url=service.vacancy_path(vacancy.id),
        )


class VacancyDetailOut(VacancyOut):
    job_posting: dict[str, Any] | None = Field(
        description="schema.org JobPosting (JSON-LD) zolang de vacature open is."
    )


class PublishedOut(VacancyOut):
    warnings: list[str] = Field(description="Tips van de schrijfhulp (blokkeren nooit).")


class VacanciesOut(BaseModel):
    total: int = Field(description="Aantal gevonden vacatures, geteld tot 1.000.")
    capped: bool = Field(description="Waar: meer dan 'total' vacatures gevonden.")
    page: int
    page_size: int
    vacancies: list[VacancyOut]


class RegionOut(BaseModel):
    region: str
    open: int


class AnswerTimesOut(BaseModel):
    group: str
    applications: int
    answered: int
    organisations: int
    median_days: float | None
    mean_days: float | None
    suppressed: bool

    @classmethod
    def of(cls, cell: AnswerTimes) -> AnswerTimesOut:
        return cls(**cell.as_dict())


class VacancyIn(BaseModel):
    organisation: str = Field(max_length=300)
    title: str = Field(max_length=400)
    occupation: str = Field(max_length=200)
    specialisation: str = Field("", max_length=200)
    level: str = Field(max_length=20)
    accepted_diplomas: list[str] = Field([], max_length=20)
    competence_route: str = Field("", max_length=8000)
    municipality: str = Field(max_length=200)
    sector: str = Field(max_length=200)
    hours: float = Field(ge=1, le=40)
    contract: Literal["vast", "bepaalde-duur", "vervanging"]
    joint_committee: str = Field("", max_length=200)
    pay_scale: str = Field("", max_length=200)
    description: str = Field(max_length=8000)
    closes_on: date
    apply_url: str = Field("", max_length=500)


class ApplicationOut(BaseModel):
    id: int
    vacancy_id: int
    vacancy_title: str
    organisation: str
    name: str
    email: str
    phone: str
    message: str
    applied_at: datetime
    answered_at: datetime | None
    answer: str
    days_to_answer: float | None

    @classmethod
    def of(cls, found: Application) -> ApplicationOut:
        fields = {name: getattr(found, name) for name in cls.model_fields}
        return cls(**fields)


class AnswerIn(BaseModel):
    answer: str = Field(min_length=1, max_length=4000)


@router.get(
    "",
    summary="Open vacatures zoeken",
    description="Open vacatures, nieuwste eerst, "
    "gefilterd op regio, diploma, niveau, sector, uren en een zoekterm in de titel.",
    response_model=VacanciesOut,
)
async def search_api(
    request: Request,
    container: ContainerDep,
    region: Text = "",
    diploma: Text = "",
    level: Text = "",
    sector: Text = "",
    hours: Literal["", "full_time", "part_time"] = "",
    q: Text = "",
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = PAGE_SIZE,
) -> Response:
    search = Search(region, diploma, level, sector, HOURS.get(hours, ""), q.strip())

    def build() -> Response:
        found = service.search(container.unit_of_work(), search, page=page, page_size=page_size)
        return _json(
            VacanciesOut(
                total=found.total,
                capped=found.capped,
                page=found.page,
                page_size=found.page_size,
                vacancies=[VacancyOut.of(v) for v in found.vacancies],
            )
        )

    return await public(request, container, build)


def _json(model: BaseModel) -> Response:
    return Response(model.model_dump_json(), media_type="application/json")


@router.get("/regions", summary="Open vacatures per regio")
def regions_api(response: Response, container: ContainerDep) -> list[RegionOut]:
    uncached(response)
    return [
        RegionOut(region=r.region, open=r.open) for r in service.regions(container.unit_of_work())
    ]


@router.get(
    "/answer-times",
    summary="Dagen tot een eerste antwoord per sector",
    description="Mediaan en gemiddelde per sector; een cel met minder dan 3 organisaties of 10 "
    "beantwoorde sollicitaties wordt niet getoond.",
)
def answer_times_api(response: Response, container: ContainerDep) -> list[AnswerTimesOut]:
    uncached(response)
    return [AnswerTimesOut.of(c) for c in service.sector_answer_times(container.unit_of_work())]


@account_router.get(
    "/applications",
    summary="Sollicitaties bij je organisatie",
    description="Alleen de organisatie van de vacature ziet haar sollicitaties.",
    responses=ERRORS,
    dependencies=[API_AUTH],
)
def applications_api(
    container: ContainerDep,
    actor: ActorDep,
    organisation: Annotated[str, Query(min_length=1, max_length=300)],
) -> list[ApplicationOut]:
    found = service.applications(container.unit_of_work(), actor, organisation)
    return [ApplicationOut.of(a) for a in found]


@account_router.post(
    "/applications/{application_id}/answer",
    summary="Een sollicitatie beantwoorden",
    description="Het antwoord gaat per mail naar de sollicitant; het eerste antwoord telt voor "
    "de dagen tot een eerste antwoord.",
    responses=ERRORS,
    dependencies=[API_AUTH],
)
def answer_api(
    container: ContainerDep, actor: ActorDep, application_id: Id, body: AnswerIn
) -> ApplicationOut:
    found = service.answer(container.unit_of_work(write=True), actor, application_id, body.answer)
    return ApplicationOut.of(found)


@router.post(
    "",
    status_code=201,
    summary="Een vacature publiceren",
    description="Voor medewerkers van de organisatie. De functie komt uit de classificatie "
    "(rapport 4.1.5); de gemeente uit de officiële lijst.",
    responses=ERRORS,
    dependencies=[API_AUTH],
)
def publish_api(container: ContainerDep, actor: ActorDep, body: VacancyIn) -> PublishedOut:
    cells = body.model_dump(exclude={"organisation"})
    cells["hours"] = f"{body.hours:g}"
    cells["closes_on"] = body.closes_on.isoformat()
    vacancy = service.publish(
        container.unit_of_work(write=True), actor, body.organisation, Draft.of(cells)
    )
    return PublishedOut(**VacancyOut.of(vacancy).model_dump(), warnings=list(vacancy.warnings))


@router.get(
    "/{vacancy_id}",
    summary="Eén vacature",
    description="De vacature met haar JobPosting (JSON-LD) zolang ze open is.",
    responses={404: ERRORS[404]},
    response_model=VacancyDetailOut,
)
async def vacancy_api(
    request: Request,
    container: ContainerDep,
    vacancy_id: Annotated[str, Path(max_length=20, description="Het nummer van de vacature.")],
) -> Response:
    def build() -> Response:
        vacancy = service.vacancy(container.unit_of_work(), vacancy_id)
        base = VacancyOut.of(vacancy)
        url = container.settings.site_url.rstrip("/") + base.url
        posting = job_posting(vacancy, url) if base.open else None
        return _json(VacancyDetailOut(**base.model_dump(), job_posting=posting))

    return await public(request, container, build)
