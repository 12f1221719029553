"""What a seeker filters on, and the regions (provinces) with their slugs for landing pages."""

from __future__ import annotations

from dataclasses import dataclass

from krapte.placement.municipalities import key

PAGE_SIZE = 20
MAX_PAGE_SIZE = 500
REGIONS: tuple[str, ...] = (
    "Antwerpen",
    "Limburg",
    "Oost-Vlaanderen",
    "Vlaams-Brabant",
    "West-Vlaanderen",
    "Brussel",
)
"""The regions vacancies are filed under: the Flemish provinces and Brussels."""

HOURS = {"voltijds": "Voltijds (38 uur of meer)", "deeltijds": "Deeltijds (minder dan 38 uur)"}


def slug(region: str) -> str:
    """``Oost-Vlaanderen`` → ``oost-vlaanderen`` (the landing page's path)."""
    return key(region).replace(" ", "-")


def region_of(slug_text: str) -> str | None:
    """The region a slug names, or ``None``."""
    return next((region for region in REGIONS if slug(region) == slug_text), None)


@dataclass(frozen=True, slots=True)
class Search:
    """A search: every field empty means "all"; only open vacancies are ever found."""

    region: str = ""
    diploma: str = ""
    level: str = ""
    sector: str = ""
    hours: str = ""
    text: str = ""
    organisation: str = ""

    def query(self) -> dict[str, str]:
        """The search as the page's query parameters (Dutch names), empty ones left out."""
        names = {
            "regio": self.region,
            "diploma": self.diploma,
            "niveau": self.level,
            "sector": self.sector,
            "uren": self.hours,
            "q": self.text,
        }
        return {name: value for name, value in names.items() if value}
