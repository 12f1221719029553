"""The vocabularies of the workforce monitor and the organisation as the rest of krapte sees it.

Values are Dutch as organisations write them (they appear in files, tables and pages); machine
keys (CSV headers, JSON keys) are English. Sources:

* subsectors: the sectors the placement offers use (:mod:`krapte.placement.core.generator`);
* levels: the report's programme levels (graduaat, bachelor, master) plus related social-agogic
  programmes (section 4.1.3) and "ander";
* exit reasons: the reasons to leave of the report's retention section (4.2.5, after Verhelst
  2024: workload, mental load, too little intervision and supervision, a negative team
  atmosphere, a lack of learning opportunities), completed with the reasons the issue lists
  (pay and conditions, a career move inside the sector, leaving the sector, retirement, end of
  contract, other).
"""

from __future__ import annotations

from dataclasses import dataclass

from krapte.datahub.core.records import PROVINCES

SOCIAL_WORKER = "sociaal werker"
FUNCTIONS: tuple[str, ...] = (SOCIAL_WORKER, "ander")

LEVELS: tuple[str, ...] = ("graduaat", "bachelor", "master", "verwant", "ander")
"""Diploma levels; "verwant" is a related social-agogic programme (report, 4.1.3)."""
TEAM_LEVELS: tuple[str, ...] = ("graduaat", "bachelor", "master")
"""The levels of the team mix recommendation 38 asks for."""

EXIT_REASONS: tuple[str, ...] = (
    "werkdruk",
    "mentale belasting",
    "te weinig intervisie of supervisie",
    "negatieve groepssfeer",
    "gebrek aan leerkansen",
    "loon en arbeidsvoorwaarden",
    "overstap binnen de sector",
    "verlaat de sector",
    "pensioen",
    "einde contract",
    "andere",
)

SUBSECTORS: tuple[str, ...] = (
    "algemeen welzijnswerk",
    "jeugdhulp",
    "personen met een handicap",
    "geestelijke gezondheidszorg",
    "ouderenzorg",
    "lokaal sociaal beleid",
    "sociaal-cultureel werk",
    "justitieel welzijnswerk",
    "ziekenhuis",
)

SIZE_CLASSES: tuple[str, ...] = ("1-9", "10-49", "50-199", "200+")
"""Size classes by number of staff (headcount), as organisations declare them."""

REGIONS: tuple[str, ...] = (*PROVINCES, "Brussel")
"""The five Flemish provinces and the Brussels region (as krapte writes them everywhere)."""

MAX_NAME = 200
MAX_PSEUDONYM = 64
MAX_PROGRAMME = 200
MAX_MUNICIPALITY = 100

BAND_YEARS = 5
"""Birth years come in bands of five (``1965-1969``): never an exact birth year."""
AGED = 55
"""The age from which staff count for the future replacement need."""


@dataclass(frozen=True)
class Organisation:
    """An organisation: its name (the key memberships and offers use) and where it belongs."""

    name: str
    subsector: str
    size_class: str
    province: str
    municipality: str = ""
    records: int = 0
    """How many staff records it holds now."""
    records_as_of: str = ""
    """The date (ISO) of its latest import: the day its records describe; empty before one."""

    def as_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "subsector": self.subsector,
            "size_class": self.size_class,
            "province": self.province,
            "municipality": self.municipality,
            "records": self.records,
            "records_as_of": self.records_as_of or None,
        }
