"""The job fairs' JSON API: public, counts only (no visitor's name or address ever)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response
from pydantic import BaseModel, Field

from krapte.fairs import service
from krapte.fairs.core.records import Fair
from krapte.web.deps import ContainerDep
from krapte.web.openapi import ErrorModel

#: Counts change with every registration: never kept by a cache (the site's or a proxy's).
LIVE = "no-store"
router = APIRouter(prefix="/api/v1/jobbeurzen", tags=["jobbeurzen"])
FairId = Annotated[int, Path(ge=1, le=2**31 - 1, description="Het nummer van de jobbeurs.")]
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"description": "Deze jobbeurs bestaat niet.", "model": ErrorModel}
}


class ProgrammeItemOut(BaseModel):
    starts_at: str = Field(description="Begin (ISO 8601, met tijdzone).")
    title: str = Field(description="Titel.")
    kind: str = Field(description="Soort: pitch, workshop of talk (lezing).")
    organisation: str = Field(description="Organisatie die het brengt (leeg: de organisator).")


class ParticipantOut(BaseModel):
    organisation: str = Field(description="Deelnemende organisatie.")
    offers: int = Field(description="Haar stageaanbiedingen in de stageronde van de beurs.")
    places: int = Field(description="De stageplaatsen van die aanbiedingen samen.")
    vacancies: int = Field(description="Haar openstaande vacatures.")
    applications: int | None = Field(
        description="Sollicitaties die uit de beurs kwamen (null: nog niet genoteerd)."
    )


class FairOut(BaseModel):
    id: int = Field(description="Nummer van de jobbeurs.")
    title: str = Field(description="Titel.")
    organiser: str = Field(description="Organisator.")
    municipality: str = Field(description="Gemeente (officiële naam).")
    province: str = Field(description="Provincie, afgeleid uit de gemeente.")
    venue: str = Field(description="Plaats: gebouw of adres.")
    starts_at: str = Field(description="Begin (ISO 8601, met tijdzone).")
    ends_at: str = Field(description="Einde (ISO 8601, met tijdzone).")
    capacity: int = Field(description="Aantal plaatsen voor bezoekers.")
    registered: int = Field(description="Ingeschreven bezoekers.")
    places_left: int = Field(description="Vrije plaatsen.")
    waiting: int = Field(description="Bezoekers op de wachtlijst.")
    description: str = Field(description="Beschrijving.")
    programme: list[ProgrammeItemOut] = Field(description="Het programma.")
    round_id: int | None = Field(description="De stageronde waarvan de beurs aanbod toont.")
    visitors: int = Field(description="Bezoekers na de beurs (aanwezig ingeschreven en zonder "
                                      "inschrijving).")  # fmt: skip
    applications: int = Field(description="Sollicitaties die uit de beurs kwamen, samen.")


class FairDetailOut(FairOut):
    participants: list[ParticipantOut] = Field(description="Deelnemende organisaties.")


class FairListOut(BaseModel):
    total: int = Field(description="Aantal jobbeurzen die aan de filter voldoen (alle pagina's).")
    offset: int = Field(description="Eerste rij van deze pagina.")
    limit: int = Field(description="Grootte van de pagina.")
    fairs: list[FairOut] = Field(description="De jobbeurzen op deze pagina.")


def _fair(fair: Fair) -> dict[str, Any]:
    found = fair.as_dict()
    found.pop("participants")
    return found


@router.get(
    "",
    summary="Jobbeurzen",
    description="De komende jobbeurzen (de vroegste eerst) of, met `past`, de voorbije "
    "(de laatste eerst), per provincie, met hun plaatsen en wachtlijst. Geen persoonsgegevens.",
)
def list_fairs(
    container: ContainerDep,
    response: Response,
    province: str = Query("", max_length=40, description="Alleen deze provincie."),
    past: bool = Query(False, description="De voorbije jobbeurzen."),
    offset: int = Query(0, ge=0, le=1_000_000, description="Eerste rij."),
    limit: int = Query(50, ge=1, le=service.MAX_PAGE_SIZE, description="Rijen per pagina."),
) -> FairListOut:
    response.headers["Cache-Control"] = LIVE
    page = service.list_fairs(
        container.unit_of_work(), province=province, past=past, offset=offset, limit=limit
    )
    return FairListOut(
        total=page.total,
        offset=page.offset,
        limit=page.limit,
        fairs=[FairOut(**_fair(fair)) for fair in page.fairs],
    )


@router.get(
    "/{fair_id}",
    summary="Eén jobbeurs",
    description="Eén jobbeurs met haar programma en deelnemende organisaties (met hun "
    "stageaanbod en vacatures). Geen persoonsgegevens.",
    responses=NOT_FOUND,
)
def get_fair(container: ContainerDep, response: Response, fair_id: FairId) -> FairDetailOut:
    response.headers["Cache-Control"] = LIVE
    fair = service.get_fair(container.unit_of_work(), fair_id)
    joined = service.participants(container.unit_of_work(), fair)
    return FairDetailOut(
        **_fair(fair),
        participants=[
            ParticipantOut(
                organisation=p.organisation,
                offers=p.offers,
                places=p.places,
                vacancies=len(p.vacancies),
                applications=p.applications,
            )
            for p in joined
        ],
    )
