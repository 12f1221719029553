"""The pulse survey's JSON API (`/api/v1/werkkracht/bevragingen`): the same service and rules as
the pages. Links are returned once, by the call that makes them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Request
from pydantic import BaseModel, Field

from krapte.web.deps import API_AUTH, ActorDep, ContainerDep
from krapte.workforce.survey import service
from krapte.workforce.survey.routes.shared import API_ERRORS, SurveyId

router = APIRouter(
    prefix="/api/v1/werkkracht/bevragingen",
    tags=["werkkracht"],
    responses=API_ERRORS,
    dependencies=[API_AUTH],
)


class SurveyOut(BaseModel):
    survey_id: int = Field(description="Het nummer van de bevraging.")
    organisation: str = Field(description="De organisatie.")
    title: str = Field(description="De titel (mag leeg zijn).")
    opened_at: str = Field(description="Geopend op (ISO 8601).")
    closed_at: str | None = Field(description="Afgesloten op (ISO 8601); leeg als ze loopt.")
    closed: bool = Field(description="De bevraging is afgesloten.")
    links: int = Field(description="Aantal aangemaakte links.")
    used_links: int = Field(description="Aantal gebruikte links.")
    responses: int = Field(description="Aantal antwoorden.")


class SurveysOut(BaseModel):
    surveys: list[SurveyOut] = Field(description="Je bevragingen, de nieuwste eerst.")


class SurveyIn(BaseModel):
    organisation: str = Field(
        min_length=1,
        max_length=200,
        pattern=r"\S",
        description="De organisatie (zoals op je account).",
    )
    title: str = Field(default="", max_length=200, description="Een titel, bv. 'Voorjaar 2027'.")


class LinksIn(BaseModel):
    count: int = Field(ge=1, le=service.MAX_LINKS_PER_REQUEST, description="Hoeveel nieuwe links.")


class LinksOut(BaseModel):
    survey_id: int = Field(description="Het nummer van de bevraging.")
    links: list[str] = Field(
        description="De nieuwe eenmalige links. Ze worden maar één keer getoond."
    )


class ComparisonOut(BaseModel):
    category: str = Field(description="sector (zorg en welzijn) of subsector.")
    period: str = Field(description="Jaar van de meting.")
    value: float = Field(description="Procent, zoals in het rapport.")
    source: str = Field(description="Bron van het cijfer.")


class QuestionOut(BaseModel):
    key: str = Field(description="Sleutel van de vraag.")
    kind: str = Field(description="dimension (werkbaarheidsindicator) of risk (risico).")
    label: str = Field(description="Naam van de indicator of het risico.")
    question: str = Field(description="De vraag zoals de medewerker ze las.")
    problems: int = Field(description="Aantal antwoorden 'vaak' of 'altijd'.")
    responses: int = Field(description="Aantal antwoorden.")
    share: float = Field(description="Procent met het probleem, op 0,1 afgerond.")
    sector: ComparisonOut | None = Field(description="Het cijfer voor zorg en welzijn.")
    subsector: ComparisonOut | None = Field(
        description="Het cijfer voor gehandicaptenzorg, jeugdbijstand en welzijnswerk."
    )


class ResultsOut(BaseModel):
    survey: SurveyOut
    shown: bool = Field(description="Er zijn resultaten (afgesloten, genoeg antwoorden).")
    withheld_because: str | None = Field(description="Waarom er nog geen resultaten zijn.")
    min_responses: int = Field(description="Zoveel antwoorden zijn minstens nodig.")
    questions: list[QuestionOut] = Field(description="Per vraag (leeg zonder resultaten).")


def _out(survey: service.SurveyInfo) -> SurveyOut:
    return SurveyOut.model_validate(survey.as_dict())


@router.get("", summary="Je pulsbevragingen over werkbaarheid")
def api_surveys(container: ContainerDep, actor: ActorDep) -> SurveysOut:
    """De bevragingen van je eigen organisaties (een beheerder: van alle organisaties)."""
    found = service.list_surveys(container.unit_of_work(), actor)
    return SurveysOut(surveys=[_out(survey) for survey in found])


@router.post("", status_code=201, summary="Een pulsbevraging openen")
def api_open(container: ContainerDep, actor: ActorDep, body: SurveyIn) -> SurveyOut:
    """Opent een bevraging voor een van je organisaties; maak daarna links aan."""
    made = service.open_survey(
        container.unit_of_work(write=True), actor, body.organisation, body.title
    )
    return _out(made)


@router.get("/{sid}", summary="Een pulsbevraging: stand van zaken")
def api_survey(container: ContainerDep, actor: ActorDep, sid: SurveyId) -> SurveyOut:
    return _out(service.get_survey(container.unit_of_work(), actor, sid))


@router.post("/{sid}/links", status_code=201, summary="Eenmalige links aanmaken")
def api_links(
    request: Request,
    container: ContainerDep,
    actor: ActorDep,
    sid: SurveyId,
    body: Annotated[LinksIn, Body()],
) -> LinksOut:
    """Elke link geldt voor één antwoord. Bewaard wordt alleen een hash: dit antwoord is de
    enige keer dat je de links ziet."""
    tokens = service.make_links(container.unit_of_work(write=True), actor, sid, body.count)
    base = str(request.base_url).rstrip("/")
    return LinksOut(survey_id=sid, links=[f"{base}/bevraging/{token}" for token in tokens])


@router.post("/{sid}/sluiten", summary="Een pulsbevraging afsluiten")
def api_close(container: ContainerDep, actor: ActorDep, sid: SurveyId) -> SurveyOut:
    """Na het afsluiten kunnen er geen antwoorden meer bij; pas dan zijn er resultaten."""
    return _out(service.close_survey(container.unit_of_work(write=True), actor, sid))


@router.get("/{sid}/resultaten", summary="Resultaten van een pulsbevraging")
def api_results(container: ContainerDep, actor: ActorDep, sid: SurveyId) -> ResultsOut:
    """Per vraag het aandeel medewerkers met het probleem, naast de cijfers van de sector.
    Alleen voor een afgesloten bevraging met minstens tien antwoorden."""
    found = service.results(container.unit_of_work(), actor, sid)
    return ResultsOut.model_validate(found.as_dict())
