"""Answers of the school's and the students' round API (``/api/v1/stages/{rid}/...``)."""

from __future__ import annotations

from pydantic import BaseModel, Field

MAX_LIST = 100


class OfferItem(BaseModel):
    offer_id: str = Field(description="Code van de stageplaats.")
    organisation: str = Field(description="Organisatie.")
    municipality: str = Field(description="Gemeente.")
    province: str = Field(description="Provincie.")
    sector: str = Field(description="Sector.")
    capacity: int = Field(description="Aantal plaatsen.")
    languages: list[str] = Field(description="Talen (leeg: alle).")
    period: str = Field(description="Periode.")
    description: str = Field(description="Beschrijving.")


class SearchResponse(BaseModel):
    offers: list[OfferItem] = Field(description="De stageplaatsen van deze pagina.")
    total: int = Field(description="Aantal stageplaatsen dat aan de filters voldoet.")
    page: int = Field(description="Deze pagina (vanaf 1).")
    pages: int = Field(description="Aantal pagina's.")
    in_list: list[str] = Field(description="De codes die al op je lijst staan.")
    followup: bool = Field(description="Of dit het aanbod van de opvolgronde is (vrije plaatsen).")


class RankingResponse(BaseModel):
    student_id: str = Field(description="Je code in de ronde.")
    offer_ids: list[str] = Field(description="Je lijst, eerste keuze eerst.")
    choices: list[OfferItem] = Field(description="De stageplaatsen op je lijst, in volgorde.")
    max_choices: int = Field(description="Hoogstens zoveel keuzes.")
    required: int = Field(description="Zoveel keuzes maken je lijst volledig.")
    complete: bool = Field(description="Of je lijst volledig is.")
    deadline: str | None = Field(description="Tot wanneer je je lijst kunt wijzigen (UTC).")
    followup: bool = Field(description="Of dit je lijst van de opvolgronde is.")


class RankingIn(BaseModel):
    offer_ids: list[str] = Field(
        max_length=MAX_LIST, description="De volledige lijst van codes, eerste keuze eerst."
    )


class ExplanationItem(BaseModel):
    rank: int = Field(description="Plaats op je lijst.")
    offer_id: str = Field(description="Code van de stageplaats.")
    organisation: str = Field(description="Organisatie.")
    municipality: str = Field(description="Gemeente.")
    outcome: str = Field(description="De reden, zoals in explanations.csv van de toewijzing.")
    cutoff_priority: str = Field(description="Voorranggroep van de laatst toegelaten student.")
    cutoff_lottery: int | None = Field(description="Lotnummer van de laatst toegelaten student.")
    text: str = Field(description="De uitleg in het Nederlands.")


class ResultResponse(BaseModel):
    student_id: str = Field(description="Code van de student.")
    name: str = Field(description="Naam.")
    school: str = Field(description="School.")
    placed: bool = Field(description="Of de student een stageplaats kreeg.")
    offer_id: str | None = Field(description="De toegewezen stageplaats.")
    organisation: str | None = Field(description="Organisatie van de stageplaats.")
    municipality: str | None = Field(description="Gemeente van de stageplaats.")
    rank_obtained: int | None = Field(description="De hoeveelste keuze het was.")
    lottery_number: int = Field(description="Het lotnummer van de student.")
    explanations: list[ExplanationItem] = Field(description="Waarom niet een hogere keuze.")
    student_score: int | None = Field(description="De beoordeling door de student (1 tot 5).")
    student_comment: str = Field(description="De opmerking van de student.")


class StudentItem(BaseModel):
    student_id: str = Field(description="Code van de student.")
    name: str = Field(description="Naam.")
    email: str = Field(description="E-mailadres.")
    school: str = Field(description="School.")
    programme: str = Field(description="Opleiding.")
    level: str = Field(description="Niveau.")
    study_year: int = Field(description="Studiejaar.")
    municipality: str = Field(description="Woonplaats.")
    choices: int = Field(description="Aantal keuzes op de lijst.")
    required: int = Field(description="Zoveel keuzes maken de lijst volledig.")
    complete: bool = Field(description="Of de lijst volledig is.")
    reminded_at: str | None = Field(description="Laatste herinnering (UTC).")
    linked: bool = Field(description="Of de student een account heeft.")


class StudentList(BaseModel):
    students: list[StudentItem] = Field(description="De studenten van je scholen.")
    results: list[ResultResponse] = Field(description="Hun resultaat, na publicatie.")


class StudentIn(BaseModel):
    student_id: str = Field(max_length=120, description="Code van de student.")
    name: str = Field(max_length=200, description="Naam.")
    email: str = Field(default="", max_length=320, description="E-mailadres.")
    school: str = Field(max_length=200, description="School (een van jouw scholen).")
    programme: str = Field(max_length=200, description="Opleiding.")
    level: str = Field(max_length=20, description="Niveau (graduaat, bachelor, master).")
    study_year: int = Field(ge=1, le=20, description="Studiejaar.")
    municipality: str = Field(default="", max_length=120, description="Woonplaats.")


class Added(BaseModel):
    added: int = Field(description="Aantal toegevoegde studenten.")
