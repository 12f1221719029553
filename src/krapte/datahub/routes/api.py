"""The data hub's JSON API under `/api/v1`: datasets, their versions and their figures.

Pydantic models describe every answer, so the OpenAPI document at `/api/v1/openapi.json` is
exact. Keys are English; summaries and descriptions Dutch. Every parameter is bounded, and a
page holds at most 500 figures.
"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field

from krapte.datahub import explorer, service
from krapte.datahub.core.records import MAX_LENGTHS, DatasetSummary, ReleaseInfo
from krapte.datahub.core.selection import (
    DEFAULT_PAGE_SIZE,
    FILTERS,
    MAX_PAGE,
    MAX_PAGE_SIZE,
    SORTS,
    parse_selection,
)
from krapte.web.deps import UnitOfWorkDep

router = APIRouter(prefix="/api/v1", tags=["cijfers"])

MAX_VERSION = 2**31 - 1
#: At least one character that is neither blank nor a control character, read alike by Python
#: (which also counts \x1c-\x1f and \x85 as blank) and by the JSON Schema's ECMA regex.
NOT_BLANK = r"[^\s\x00-\x1f\x7f-\x9f]"


class DatasetOut(BaseModel):
    name: str = Field(description="Naam van de dataset (sleutel in de API).")
    title: str = Field(description="Titel in het Nederlands.")
    description: str
    releases: int = Field(description="Aantal versies.")
    latest_release: int | None = Field(description="Nummer van de huidige versie.")
    rows: int = Field(description="Aantal cijfers in de huidige versie.")

    @classmethod
    def of(cls, summary: DatasetSummary) -> DatasetOut:
        return cls.model_validate(summary.as_dict())


class ReleaseOut(BaseModel):
    version: int
    label: str
    origin: str = Field(description="Herkomst: soort en bestandsnaam, nooit een serverpad.")
    imported_at: str = Field(description="Tijdstip van inladen (ISO 8601).")
    rows: int
    current: bool = Field(description="Of dit de huidige versie is.")

    @classmethod
    def of(cls, release: ReleaseInfo, current: int) -> ReleaseOut:
        return cls.model_validate(release.as_dict() | {"current": release.version == current})


class DatasetDetailOut(DatasetOut):
    versions: list[ReleaseOut] = Field(description="Alle versies, de oudste eerst.")
    dimensions: dict[str, list[str]] = Field(
        description="De waarden van elke dimensie in de huidige versie (de keuzes van de filters)."
    )
    sources: list[str]
    sections: list[str] = Field(description="Secties van het rapport.")


class ObservationOut(BaseModel):
    measure: str
    period: str
    geography: str
    province: str = Field(
        description="Provincie (van de regio of van de instelling); leeg als geen."
    )
    institution: str
    programme: str
    level: str
    category: str
    value: float
    unit: str
    source: str
    section: str
    table: str = Field(description="Tabel van het rapport waarin het cijfer staat.")
    note: str


class ObservationsPage(BaseModel):
    dataset: str
    release: int = Field(description="De getoonde versie.")
    current_release: int = Field(description="De huidige versie van de dataset.")
    page: int
    page_size: int
    pages: int
    total: int = Field(description="Aantal cijfers in de selectie, over alle pagina's.")
    observations: list[ObservationOut]


@router.get(
    "/datasets",
    summary="Alle datasets",
    description="Elke dataset met het aantal versies en cijfers van de huidige versie.",
)
def api_datasets(uow: UnitOfWorkDep) -> list[DatasetOut]:
    return [DatasetOut.of(summary) for summary in service.list_datasets(uow)]


@router.get(
    "/datasets/{name}",
    summary="Eén dataset met zijn versies",
    description="De dataset, al zijn versies (de huidige gemarkeerd) en de waarden van elke "
    "dimensie. 404 voor een onbekende dataset.",
)
def api_dataset(
    uow: UnitOfWorkDep, name: str = Path(max_length=MAX_LENGTHS["dataset"], pattern=NOT_BLANK)
) -> DatasetDetailOut:
    selection = parse_selection({"dataset": name, "view": "long", "page_size": "1"})
    page = explorer.explore(uow, selection)
    current = page.current.version
    return DatasetDetailOut(
        **DatasetOut.of(page.dataset).model_dump(),
        versions=[ReleaseOut.of(release, current) for release in page.releases],
        dimensions=page.choices.as_dict(),
        sources=list(page.choices.sources),
        sections=list(page.choices.sections),
    )


#: A column of the long table, or a period (as the wide table's headers sort).
SORT_PATTERN = "^(" + "|".join(SORTS) + "|[0-9][0-9-]*)$"


@router.get(
    "/observations",
    summary="Cijfers van een dataset, gefilterd en per pagina",
    description="De cijfers van één versie van een dataset in het lange formaat (één rij per "
    "cijfer), met dezelfde filters als de pagina Cijfers. Hoogstens 500 cijfers per pagina.",
)
def api_observations(
    uow: UnitOfWorkDep,
    dataset: str = Query(
        max_length=MAX_LENGTHS["dataset"], pattern=NOT_BLANK, description="Naam van de dataset."
    ),
    release: int | None = Query(
        None, ge=1, le=MAX_VERSION, description="Versie; standaard de huidige."
    ),
    measure: str | None = Query(None, max_length=MAX_LENGTHS["measure"]),
    institution: str | None = Query(None, max_length=MAX_LENGTHS["institution"]),
    programme: str | None = Query(None, max_length=MAX_LENGTHS["programme"]),
    level: str | None = Query(None, max_length=MAX_LENGTHS["level"]),
    province: str | None = Query(None, max_length=MAX_LENGTHS["geography"]),
    category: str | None = Query(None, max_length=MAX_LENGTHS["category"]),
    period_from: str | None = Query(
        None, alias="from", max_length=MAX_LENGTHS["period"], description="Eerste periode."
    ),
    period_to: str | None = Query(
        None, alias="to", max_length=MAX_LENGTHS["period"], description="Laatste periode."
    ),
    sort: str | None = Query(
        None,
        max_length=MAX_LENGTHS["period"],
        pattern=SORT_PATTERN,
        description="Kolom om op te sorteren (of een periode).",
    ),
    order: Literal["asc", "desc"] = Query("asc"),
    page: int = Query(1, ge=1, le=MAX_PAGE),
    page_size: int = Query(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE),
) -> ObservationsPage:
    given = {
        "measure": measure,
        "institution": institution,
        "programme": programme,
        "level": level,
        "province": province,
        "category": category,
        "from": period_from,
        "to": period_to,
        "sort": sort,
        "release": None if release is None else str(release),
    }
    assert set(FILTERS) <= set(given)
    params = {name: value for name, value in given.items() if value is not None}
    params |= {"dataset": dataset, "view": "long", "order": order}
    params |= {"page": str(page), "page_size": str(page_size)}
    found = explorer.explore(uow, parse_selection(params))
    return ObservationsPage(
        dataset=found.dataset.name,
        release=found.release.version,
        current_release=found.current.version,
        page=page,
        page_size=page_size,
        pages=found.pages,
        total=found.total,
        observations=[ObservationOut.model_validate(f.as_row()) for f in found.figures],
    )
