"""The workforce monitor's JSON API under ``/api/v1/werkkracht``: the same services and rules as
the pages. An organisation's indicators go only to its own users (and administrators); the
sector's tables carry only published cells; no endpoint returns staff records."""

from __future__ import annotations

import tempfile
from pathlib import Path as FilePath
from typing import TYPE_CHECKING, Annotated, Any, Final, Literal

from fastapi import APIRouter, File, Path, Query, Response, UploadFile
from pydantic import BaseModel, Field

from krapte.errors import InvalidInput
from krapte.web.deps import API_AUTH, ActorDep, ContainerDep
from krapte.web.openapi import ErrorModel
from krapte.workforce import service
from krapte.workforce.core.indicators import OrganisationIndicators
from krapte.workforce.core.records import MAX_NAME, Organisation
from krapte.workforce.core.sector import SectorTable, parse_breakdown

if TYPE_CHECKING:
    from krapte.accounts.core.permissions import Actor
    from krapte.bootstrap import Container

MAX_UPLOAD_BYTES: Final = 64 * 1024 * 1024
"""The largest staff file taken through the web (about a million records)."""

API_ERRORS: Final[dict[int | str, dict[str, Any]]] = {
    401: {"description": "Niet aangemeld of ongeldige API-sleutel.", "model": ErrorModel},
    403: {"description": "Geen toegang (niet jouw organisatie).", "model": ErrorModel},
    404: {"description": "Deze organisatie bestaat niet.", "model": ErrorModel},
    422: {"description": "Ongeldige invoer: elk probleem met bestand, rij en kolom."},
}

router = APIRouter(
    prefix="/api/v1/werkkracht",
    tags=["werkkracht"],
    responses=API_ERRORS,
    dependencies=[API_AUTH],
)

OrganisationName = Annotated[
    str, Path(min_length=1, max_length=MAX_NAME, description="Naam van de organisatie.")
]
BreakdownKey = Literal["subsector", "province", "size_class", "subsector,province"]
Breakdown = Annotated[
    BreakdownKey,
    Query(
        description="Indeling: subsector, province, size_class of subsector,province "
        "(die laatste voor analisten).",
    ),
]


class OrganisationOut(BaseModel):
    name: str = Field(description="Naam (dezelfde als op de accounts).")
    subsector: str
    size_class: str = Field(description="Grootteklasse (aantal medewerkers).")
    province: str
    municipality: str
    records: int = Field(description="Aantal personeelsrecords.")
    records_as_of: str | None = Field(description="Datum die de gegevens beschrijven (ISO).")

    @classmethod
    def of(cls, organisation: Organisation) -> OrganisationOut:
        return cls.model_validate(organisation.as_dict())


class YearOut(BaseModel):
    year: int
    headcount_start: int = Field(description="Personen op 1 januari.")
    headcount: int = Field(description="Personen op 31 december.")
    fte: float = Field(description="Voltijds equivalenten op 31 december.")
    inflow: int
    outflow: int
    turnover_rate: float | None = Field(description="Uitstroom / gemiddelde bezetting.")
    social_workers: int
    social_worker_turnover_rate: float | None
    hires: int
    retention_1y: float | None = Field(description="Aanwervingen na 1 jaar nog in dienst.")
    retention_2y: float | None
    absence_rate: float | None = Field(description="Aandeel langdurig afwezig.")
    aged_55_share: float | None = Field(description="Aandeel 55+ op 31 december (ondergrens).")
    partial: bool = Field(description="Het lopende jaar (tot de datum van de gegevens).")


class GroupOut(BaseModel):
    year: int
    function: str
    level: str
    headcount: int
    fte: float


class TeamOut(BaseModel):
    year: int
    level: str
    headcount: int
    share: float | None


class ExitOut(BaseModel):
    year: int
    reason: str
    count: int


class IndicatorsOut(BaseModel):
    organisation: str
    records_as_of: str | None
    years: list[YearOut]
    groups: list[GroupOut] = Field(description="Bezetting per functie en niveau op 31 december.")
    team_mix: list[TeamOut] = Field(description="Sociaal werkers per niveau op 31 december.")
    exits: list[ExitOut] = Field(description="Redenen van vertrek per jaar.")

    @classmethod
    def of(cls, found: OrganisationIndicators) -> IndicatorsOut:
        return cls(
            organisation=found.organisation,
            records_as_of=found.records_as_of or None,
            years=[YearOut.model_validate(y.as_dict()) for y in found.years],
            groups=[GroupOut.model_validate(g.__dict__) for g in found.groups],
            team_mix=[TeamOut.model_validate(t.__dict__) for t in found.team_mix],
            exits=[ExitOut.model_validate(e.__dict__) for e in found.exits],
        )


class ImportOut(BaseModel):
    organisation: str
    records: int
    absences: int
    records_as_of: str


class SectorRowOut(BaseModel):
    key: list[str] = Field(description="Waarden van de indeling ('totaal' voor een totaal).")
    year: int
    headcount: int | None = Field(description="Sociaal werkers op 31 december (leeg: onderdrukt).")
    inflow: int | None
    outflow: int | None
    turnover_rate: float | None
    suppressed: str = Field(description="Waarom een waarde ontbreekt (leeg: alles getoond).")


class SectorOut(BaseModel):
    by: list[str]
    years: list[int]
    organisations: int
    rows: list[SectorRowOut]

    @classmethod
    def of(cls, table: SectorTable) -> SectorOut:
        return cls(
            by=list(table.by),
            years=list(table.years),
            organisations=table.organisations,
            rows=[
                SectorRowOut(
                    key=list(r.key),
                    year=r.year,
                    headcount=r.headcount,
                    inflow=r.inflow,
                    outflow=r.outflow,
                    turnover_rate=r.turnover_rate,
                    suppressed=r.suppressed,
                )
                for r in table.rows
            ],
        )


@router.get(
    "/organisaties",
    summary="Jouw organisaties",
    description="De organisaties waarvan je de personeelsgegevens mag zien (beheerders: alle).",
)
def api_organisations(container: ContainerDep, actor: ActorDep) -> list[OrganisationOut]:
    found = service.list_organisations(container.unit_of_work(), actor)
    return [OrganisationOut.of(o) for o in found]


@router.get(
    "/organisaties/{name}",
    summary="Indicatoren van een organisatie",
    description="In- en uitstroom, verloop, behoud, afwezigheid, 55+, teammix en redenen van "
    "vertrek per jaar. Alleen voor de eigen organisatie; nooit personeelsrecords.",
)
def api_indicators(
    container: ContainerDep, actor: ActorDep, name: OrganisationName
) -> IndicatorsOut:
    found = service.organisation_indicators(container.unit_of_work(), actor, name)
    return IndicatorsOut.of(found)


@router.post(
    "/organisaties/{name}/personeel",
    summary="Personeelsgegevens inlezen",
    description="Vervangt alle personeelsrecords van de organisatie door die van het bestand "
    "(CSV of Excel), alles of niets. Kolommen met namen of rijksregisternummers worden "
    "geweigerd voor er iets bewaard is.",
)
def api_import(
    container: ContainerDep,
    actor: ActorDep,
    name: OrganisationName,
    bestand: Annotated[UploadFile, File(description="CSV- of Excel-bestand met personeel.")],
) -> ImportOut:
    result = import_upload(container, actor, name, bestand)
    return ImportOut.model_validate(result.as_dict())


#: The sector's tables are public (a token only opens the breakdowns by two dimensions), so
#: this router does not declare the API token as its security scheme.
public_router = APIRouter(prefix="/api/v1/werkkracht", tags=["werkkracht"], responses=API_ERRORS)


@public_router.get(
    "/sector",
    summary="Beschermde sectortabellen",
    description="Sociaal werkers per indeling en jaar; een cel met te weinig personen of "
    "organisaties, of die één organisatie overheerst, is leeg en gemarkeerd als onderdrukt. "
    "Indelingen op twee kenmerken zijn voor analisten.",
)
def api_sector(
    container: ContainerDep, actor: ActorDep, response: Response, indeling: Breakdown = "subsector"
) -> SectorOut:
    response.headers["Cache-Control"] = "private, no-cache"  # see pages.fresh
    return SectorOut.of(service.sector(container.unit_of_work(), actor, breakdown(indeling)))


def breakdown(text: str) -> tuple[str, ...]:
    """A published breakdown, or a Dutch refusal naming the field."""
    found = parse_breakdown(text)
    if found is None:
        choices = " | ".join(",".join(b) for b in service.BREAKDOWNS)
        raise InvalidInput.single(f"kies een indeling uit: {choices}", field="indeling")
    return found


def import_upload(
    container: Container, actor: Actor, name: str, upload: UploadFile
) -> service.ImportResult:
    """Import an uploaded staff file through a private temporary folder (removed after)."""
    file_name = FilePath(upload.filename or "personeel.csv").name
    data = upload.file.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise InvalidInput.single(
            f"het bestand is groter dan {MAX_UPLOAD_BYTES // (1024 * 1024)} MB", file=file_name
        )
    with tempfile.TemporaryDirectory() as folder:
        path = FilePath(folder) / file_name
        path.write_bytes(data)
        return service.import_records(container.unit_of_work(write=True), actor, name, path)
