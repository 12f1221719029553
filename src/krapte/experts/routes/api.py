"""The expert directory's JSON API under `/api/v1/experts`: public profiles only.

No answer ever holds an e-mail address or another contact detail: contact goes through the relay
form on the expert's page. Answers are ``no-store``, so a withdrawn profile is gone at once.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field

from krapte.experts import service
from krapte.experts.core.choices import expertise
from krapte.experts.core.profile import PublicProfile, Search
from krapte.experts.routes.common import NO_STORE, ExpertId
from krapte.web.deps import UnitOfWorkDep

router = APIRouter(prefix="/api/v1/experts", tags=["experten"])


class FieldOut(BaseModel):
    key: str = Field(description="Sleutel van de expertise (voor de filter `field`).")
    label: str = Field(description="Naam van de expertise.")
    source: str = Field(description="Waar het rapport dit werkveld of thema noemt.")
    note: str = Field(description="Wat krapte samenvoegde of hernoemde; leeg als niets.")


class ExpertOut(BaseModel):
    id: int
    name: str
    fields: list[str] = Field(description="Sleutels van de expertises.")
    field_labels: list[str] = Field(description="Namen van de expertises.")
    region: str = Field(description="Provincie of Brussel.")
    languages: list[str]
    availability: str = Field(description="Wanneer de expert bereikbaar is.")
    summary: str = Field(description="Korte voorstelling.")
    contact_page: str = Field(description="Pagina met het contactformulier (geen e-mailadres).")

    @classmethod
    def of(cls, expert: PublicProfile) -> ExpertOut:
        return cls.model_validate({**expert.as_dict(), "contact_page": f"/experten/{expert.id}"})


class ExpertPageOut(BaseModel):
    experts: list[ExpertOut]
    total: int = Field(description="Aantal experten dat aan de filters voldoet.")
    page: int
    page_size: int
    pages: int


@router.get(
    "",
    summary="Experten zoeken",
    description="Goedgekeurde experten uit de expertenlijst (aanbeveling 20), gefilterd en per "
    "pagina (hoogstens 100). Nooit een e-mailadres: contact verloopt via het formulier.",
)
def api_experts(
    uow: UnitOfWorkDep,
    response: Response,
    q: Annotated[str, Query(max_length=100, description="Zoek in naam en voorstelling.")] = "",
    field: Annotated[str, Query(max_length=60, description="Sleutel van een expertise.")] = "",
    region: Annotated[str, Query(max_length=60, description="Provincie of Brussel.")] = "",
    language: Annotated[str, Query(max_length=60, description="Taal.")] = "",
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=service.MAX_PAGE_SIZE)] = service.PAGE_SIZE,
) -> ExpertPageOut:
    response.headers["Cache-Control"] = NO_STORE
    wanted = Search(text=q.strip(), field=field, region=region, language=language)
    found = service.search(uow, wanted, page, page_size)
    return ExpertPageOut(
        experts=[ExpertOut.of(expert) for expert in found.experts],
        total=found.total,
        page=found.page,
        page_size=found.page_size,
        pages=found.pages,
    )


@router.get(
    "/fields",
    summary="De lijst van expertises",
    description="De vaste lijst van expertises waaruit experten kiezen, met hun bron in het "
    "rapport.",
)
def api_fields() -> list[FieldOut]:
    return [FieldOut(key=f.key, label=f.label, source=f.source, note=f.note) for f in expertise()]


@router.get(
    "/{expert_id}",
    summary="Eén expert",
    description="Het openbare profiel van een goedgekeurde expert; 404 als het niet (meer) "
    "bestaat.",
    responses={404: {"description": "Geen goedgekeurde expert met dit nummer."}},
)
def api_expert(uow: UnitOfWorkDep, response: Response, expert_id: ExpertId) -> ExpertOut:
    response.headers["Cache-Control"] = NO_STORE
    return ExpertOut.of(service.public_profile(uow, expert_id))
