"""schema.org ``JobPosting`` for a vacancy page (what search engines read), built as a dict.

Google's job search requires title, description, datePosted, hiringOrganization and jobLocation,
and recommends validThrough and employmentType (https://developers.google.com/search/docs/
appearance/structured-data/job-posting); :data:`REQUIRED` lists what krapte always fills in.
The report asks to make vacancies findable by combining the function titles (4.2.2.2):
``alternateName`` carries the other titles a seeker types.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from krapte.vacancies.core.vacancy import FULL_TIME_HOURS, TEMPORARY_CONTRACTS, Vacancy

REQUIRED: tuple[str, ...] = (
    "title",
    "description",
    "datePosted",
    "validThrough",
    "hiringOrganization",
    "jobLocation",
    "employmentType",
)

BRUSSELS = ZoneInfo("Europe/Brussels")

SOCIAL_WORK_TITLES: tuple[str, ...] = (
    "sociaal werker",
    "maatschappelijk werker",
    "maatschappelijk assistent",
)
"""The titles the report says are used for the same job (4.2.2.2)."""

FAMILY: dict[str, tuple[str, ...]] = {
    "sociaal werker": SOCIAL_WORK_TITLES,
    "maatschappelijk werker": SOCIAL_WORK_TITLES,
    "sociocultureel werker": (
        "sociaal werker",
        "sociaal-cultureel werker",
        "sociocultureel werker",
    ),
}


def end_of_day(day: date) -> str:
    """The last second of ``day`` in Belgian time, ISO 8601 with its offset."""
    return datetime.combine(day, time(23, 59, 59), tzinfo=BRUSSELS).isoformat()


def alternate_titles(vacancy: Vacancy) -> list[str]:
    """The other titles for the vacancy's occupation, those already in its title left out."""
    title = vacancy.title.casefold()
    family = FAMILY.get(vacancy.occupation, (vacancy.occupation,))
    return [name for name in family if name not in title]


def employment_types(vacancy: Vacancy) -> list[str]:
    found = ["FULL_TIME" if vacancy.hours >= FULL_TIME_HOURS else "PART_TIME"]
    if vacancy.contract in TEMPORARY_CONTRACTS:
        found.append("TEMPORARY")
    return found


def job_posting(vacancy: Vacancy, url: str) -> dict[str, object]:
    """The ``JobPosting`` of ``vacancy``, published at the absolute ``url``."""
    posting: dict[str, object] = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": vacancy.title,
        "alternateName": alternate_titles(vacancy),
        "description": vacancy.description,
        "datePosted": vacancy.posted_on.isoformat(),
        "validThrough": end_of_day(vacancy.closes_on),
        "employmentType": employment_types(vacancy),
        "hiringOrganization": {"@type": "Organization", "name": vacancy.organisation},
        "jobLocation": {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "addressLocality": vacancy.municipality,
                "addressRegion": vacancy.province,
                "addressCountry": "BE",
            },
        },
        "industry": vacancy.sector,
        "occupationalCategory": vacancy.occupation,
        "educationRequirements": [
            {
                "@type": "EducationalOccupationalCredential",
                "credentialCategory": vacancy.level,
                "name": programme,
            }
            for programme in vacancy.programmes
        ],
        "workHours": f"{vacancy.hours:g} uur per week",
        "url": url,
        "identifier": {
            "@type": "PropertyValue",
            "name": vacancy.organisation,
            "value": str(vacancy.id),
        },
    }
    if vacancy.competence_route:
        posting["experienceInPlaceOfEducation"] = True
    return posting


def script_text(posting: dict[str, object]) -> str:
    """The JSON for a ``<script type="application/ld+json">`` element (no ``<`` in it, so
    nothing in a vacancy's text can close the element)."""
    return json.dumps(posting, ensure_ascii=False).replace("<", "\\u003c")


def missing(posting: dict[str, object]) -> list[str]:
    """The required properties absent or empty in ``posting`` (a check for tests and imports)."""
    return [name for name in REQUIRED if not posting.get(name)]
