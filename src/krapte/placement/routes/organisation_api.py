"""The organisation's part of the round's API: offers (list, create, read, overwrite) and interns
(list; confirm, evaluate, job offer), through the same services as the pages."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from krapte.errors import InvalidInput
from krapte.placement.core.model import join_list
from krapte.placement.rounds import interns, offers
from krapte.placement.routes.personal import API_ERRORS, OfferId, RoundId, StudentId
from krapte.web.deps import API_AUTH, ActorDep, ContainerDep

#: The refusals every call of the round may answer (who: 401, 403; when: 409).
router = APIRouter(
    prefix="/api/v1/stages/{rid}",
    tags=["stages"],
    responses=API_ERRORS,
    dependencies=[API_AUTH],
)


class OfferOut(BaseModel):
    offer_id: str = Field(description="Id van het aanbod.")
    organisation: str = Field(description="De organisatie.")
    municipality: str = Field(description="Gemeente (officiële naam).")
    province: str = Field(description="Provincie, afgeleid uit de gemeente.")
    sector: str = Field(description="Sector.")
    capacity: int = Field(description="Aantal plaatsen.")
    programmes: list[str] = Field(description="Opleidingen die mogen kiezen (leeg: alle).")
    levels: list[str] = Field(description="Niveaus (leeg: alle).")
    study_years: list[int] = Field(description="Studiejaren (leeg: alle).")
    languages: list[str] = Field(description="Talen (nl, fr, en, de).")
    period: str = Field(description="Periode van de stage.")
    description: str = Field(description="Beschrijving.")


class OffersOut(BaseModel):
    round_id: int = Field(description="Id van de stageronde.")
    total: int = Field(description="Aantal aanbiedingen (alle pagina's).")
    places: int = Field(description="Aantal plaatsen samen.")
    mine: bool = Field(description="Alleen het aanbod van je eigen organisaties.")
    offers: list[OfferOut] = Field(description="Het aanbod op deze pagina.")


class OfferIn(BaseModel):
    organisation: str = Field(max_length=300, description="De organisatie.")
    capacity: int = Field(ge=0, le=2**31 - 1, description="Aantal plaatsen.")
    municipality: str = Field(max_length=120, description="Gemeente (Nederlandse naam).")
    sector: str = Field(max_length=200, description="Sector.")
    programmes: list[str] = Field(default=[], max_length=40, description="Opleidingen.")
    levels: list[str] = Field(default=[], max_length=10, description="Niveaus.")
    study_years: list[int] = Field(default=[], max_length=10, description="Studiejaren.")
    languages: list[str] = Field(default=[], max_length=10, description="Talen.")
    period: str = Field(default="", max_length=200, description="Periode.")
    description: str = Field(default="", max_length=4000, description="Beschrijving.")

    def cells(self) -> dict[str, str]:
        return {
            "organisation": self.organisation,
            "capacity": str(self.capacity),
            "municipality": self.municipality,
            "sector": self.sector,
            "programmes": join_list(self.programmes),
            "levels": join_list(self.levels),
            "study_years": join_list(self.study_years),
            "languages": join_list(self.languages),
            "period": self.period,
            "description": self.description,
        }


class InternOut(BaseModel):
    student_id: str = Field(description="Id van de student.")
    name: str = Field(description="Naam.")
    programme: str = Field(description="Opleiding.")
    school: str = Field(description="School.")
    email: str = Field(description="E-mailadres.")
    offer_id: str = Field(description="Het aanbod waar de student geplaatst is.")
    organisation: str = Field(description="De organisatie.")
    confirmed: bool = Field(description="De stage is bevestigd.")
    mentor: str = Field(description="Naam van de mentor.")
    score: int | None = Field(description="Evaluatie van 1 tot 5 door de organisatie.")
    comment: str = Field(description="Opmerking bij de evaluatie.")
    job_offered: bool | None = Field(description="De stagiair kreeg een jobaanbod.")


class InternsOut(BaseModel):
    round_id: int = Field(description="Id van de stageronde.")
    published: bool = Field(description="De toewijzing is gepubliceerd.")
    offers: int = Field(description="Aantal eigen aanbiedingen.")
    places: int = Field(description="Aantal eigen plaatsen.")
    interns: list[InternOut] = Field(description="Geplaatste studenten (na publicatie).")


class InternIn(BaseModel):
    mentor: str | None = Field(
        default=None, max_length=200, description="Bevestig met deze mentor."
    )
    score: int | None = Field(default=None, ge=1, le=5, description="Evaluatie van 1 tot 5.")
    comment: str = Field(default="", max_length=2000, description="Opmerking bij de evaluatie.")
    job_offered: bool | None = Field(default=None, description="Kreeg de stagiair een jobaanbod?")


def _offer(view: offers.OfferView) -> OfferOut:
    return OfferOut.model_validate(view.as_dict())


@router.get("/aanbod", response_model=OffersOut, summary="Het aanbod van een stageronde")
def api_offers(
    container: ContainerDep,
    actor: ActorDep,
    rid: RoundId,
    offset: Annotated[int, Query(ge=0, le=1_000_000, description="Overslaan.")] = 0,
    limit: Annotated[int, Query(ge=1, le=offers.MAX_PAGE_SIZE, description="Hoeveel.")] = 50,
) -> OffersOut:
    """Organisatiemedewerkers krijgen hun eigen aanbod, anderen al het aanbod."""
    found = offers.list_offers(container.unit_of_work(), actor, rid, offset=offset, limit=limit)
    return OffersOut(
        round_id=rid,
        total=found.total,
        places=found.places,
        mine=found.mine,
        offers=[_offer(o) for o in found.offers],
    )


@router.post("/aanbod", response_model=OfferOut, status_code=201, summary="Nieuw aanbod")
def api_create_offer(
    container: ContainerDep, actor: ActorDep, rid: RoundId, body: OfferIn
) -> OfferOut:
    """Maakt een aanbod voor een van je organisaties; het krijgt een nieuwe id."""
    return _offer(offers.create_offer(container.unit_of_work(write=True), actor, rid, body.cells()))


@router.get("/aanbod/{offer_id}", response_model=OfferOut, summary="Eén aanbod")
def api_offer(
    container: ContainerDep, actor: ActorDep, rid: RoundId, offer_id: OfferId
) -> OfferOut:
    return _offer(offers.get_offer(container.unit_of_work(), actor, rid, offer_id))


@router.put("/aanbod/{offer_id}", response_model=OfferOut, summary="Aanbod wijzigen")
def api_update_offer(
    container: ContainerDep, actor: ActorDep, rid: RoundId, offer_id: OfferId, body: OfferIn
) -> OfferOut:
    view = offers.update_offer(
        container.unit_of_work(write=True), actor, rid, offer_id, body.cells()
    )
    return _offer(view)


@router.get("/stagiairs", response_model=InternsOut, summary="Je stagiairs (na publicatie)")
def api_interns(container: ContainerDep, actor: ActorDep, rid: RoundId) -> InternsOut:
    """Voor de publicatie alleen het aantal aanbiedingen en plaatsen, geen namen."""
    page = interns.list_interns(container.unit_of_work(), actor, rid)
    return InternsOut(
        round_id=rid,
        published=page.published,
        offers=page.offers,
        places=page.places,
        interns=[InternOut.model_validate(i.as_dict()) for i in page.interns],
    )


@router.post(
    "/stagiairs/{student_id}", response_model=InternOut, summary="Stagiair bevestigen of evalueren"
)
def api_intern(
    container: ContainerDep,
    actor: ActorDep,
    rid: RoundId,
    student_id: StudentId,
    body: InternIn,
) -> InternOut:
    """Bevestigt met een mentor, bewaart een evaluatie en/of een jobaanbod (wat je meegeeft)."""
    uow = container.unit_of_work(write=True)
    with uow:  # all or nothing: the services' units of work nest in this one
        found = interns.get_intern(uow, actor, rid, student_id)
        if body.mentor is None and body.score is None and body.job_offered is None:
            raise InvalidInput.single(
                "geef een mentor, een score of een jobaanbod mee", field="mentor"
            )
        if body.mentor is not None:
            found = interns.confirm_placement(uow, actor, rid, student_id, body.mentor)
        if body.score is not None:
            score = str(body.score)
            found = interns.evaluate_intern(uow, actor, rid, student_id, score, body.comment)
        if body.job_offered is not None:
            found = interns.record_job_offer(uow, actor, rid, student_id, body.job_offered)
        uow.commit()
    return InternOut.model_validate(found.as_dict())
