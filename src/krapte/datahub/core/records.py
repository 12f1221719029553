"""Pure records of the data hub: the tidy observation and the reference lists.

This module is the shared vocabulary of the data hub; it imports no ORM or web framework.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime

#: Columns of the tidy format, in order: bundled CSVs, exports and the datapackage share them.
TIDY_COLUMNS: tuple[str, ...] = (
    "dataset",
    "measure",
    "period",
    "geography",
    "institution",
    "programme",
    "level",
    "category",
    "value",
    "unit",
    "source",
    "section",
    "table",
    "note",
)

#: The columns that say what a figure is about; with the dataset and the printed table they
#: make the natural key of an observation (the store's unique constraint).
IDENTITY: tuple[str, ...] = (
    "measure",
    "period",
    "geography",
    "institution",
    "programme",
    "level",
    "category",
)

#: Longest text each tidy column may hold (the database columns are this wide; PostgreSQL
#: enforces it, so imports check it first and name the offending cell).
MAX_LENGTHS: dict[str, int] = {
    "dataset": 120,
    "measure": 120,
    "period": 20,
    "geography": 120,
    "institution": 200,
    "programme": 200,
    "level": 20,
    "category": 200,
    "unit": 20,
    "source": 300,
    "section": 40,
    "table": 200,
}

UNITS: frozenset[str] = frozenset({"count", "percent", "ratio", "score", "index", "years", "euro"})
LEVELS: frozenset[str] = frozenset({"", "graduaat", "bachelor", "master", "banaba", "manama"})
FLANDERS = "Vlaanderen"
PROVINCES: tuple[str, ...] = (
    "Antwerpen",
    "Limburg",
    "Oost-Vlaanderen",
    "Vlaams-Brabant",
    "West-Vlaanderen",
)


@dataclass(frozen=True, slots=True)
class Observation:
    """One figure: what was measured, when, where, for whom, its value and its source."""

    dataset: str
    measure: str
    period: str
    value: float
    unit: str
    geography: str = FLANDERS
    institution: str = ""
    programme: str = ""
    level: str = ""
    category: str = ""
    source: str = ""
    section: str = ""
    table: str = ""
    note: str = ""

    @property
    def key(self) -> tuple[str, ...]:
        """The natural key: two observations with the same key in one release conflict.

        The printed table is part of the key, so a figure the report prints in two tables is kept
        twice, as printed; the checks compare such copies.
        """
        return (self.dataset, *self.identity, self.table)

    @property
    def identity(self) -> tuple[str, ...]:
        """What the figure is about, whatever table printed it (see :data:`IDENTITY`)."""
        return tuple(getattr(self, name) for name in IDENTITY)

    @property
    def year(self) -> int | None:
        """The year of a yearly period (`2023`; academic years are written as their first year).

        None for every other period: a month (`2025-04`) or a range (`2014-2023`) is no point of
        a yearly series.
        """
        return int(self.period) if len(self.period) == 4 and self.period.isdigit() else None

    def as_row(self) -> dict[str, str | float]:
        return {name: getattr(self, name) for name in TIDY_COLUMNS}


OBSERVATION_FIELDS = frozenset(f.name for f in fields(Observation))


@dataclass(frozen=True, slots=True)
class InstitutionRef:
    """A higher-education institution (campus) and the province its figures count for."""

    name: str
    kind: str
    campus_city: str
    province: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class ProgrammeRef:
    """A programme at a level, and its family (social work, social-agogic, care)."""

    name: str
    level: str
    family: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class ClassificationRef:
    """The report's proposed classification (4.1.5): occupation × specialisation × level."""

    occupation: str
    specialisation: str
    level: str
    programme: str
    source: str = ""


@dataclass(frozen=True, slots=True)
class ReleaseInfo:
    """One version of a dataset: where it came from, when, and how many figures it holds."""

    dataset: str
    version: int
    label: str
    origin: str
    checksum: str
    imported_at: datetime
    row_count: int

    @property
    def origin_name(self) -> str:
        """The origin as shown to others: its kind and file name, never a server path
        (``import:/home/an/export.csv`` → ``import:export.csv``)."""
        kind, separator, where = self.origin.partition(":")
        if not separator:
            kind, where = "", self.origin
        name = where.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
        return f"{kind}:{name}" if kind else name

    def as_dict(self) -> dict[str, object]:
        return {
            "version": self.version,
            "label": self.label,
            "origin": self.origin_name,
            "imported_at": self.imported_at.isoformat(timespec="seconds"),
            "rows": self.row_count,
        }


@dataclass(frozen=True, slots=True)
class DataVersion:
    """The state of the whole store: every import or restore makes a new release, so the newest
    release id changes with every change of the figures (the key of every cached result)."""

    releases: int
    latest_id: int
    latest_at: datetime | None

    @property
    def key(self) -> str:
        return f"{self.releases}-{self.latest_id}"


@dataclass(frozen=True, slots=True)
class DatasetSummary:
    """A dataset with its number of versions and its current (latest) version."""

    name: str
    title: str
    description: str
    versions: int
    """How many versions the store holds (imports and restores each add one)."""
    latest: ReleaseInfo | None
    """The current version; None for a dataset without any version yet."""

    @property
    def rows(self) -> int:
        return self.latest.row_count if self.latest else 0

    def as_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "releases": self.versions,
            "latest_release": self.latest.version if self.latest else None,
            "rows": self.rows,
        }
