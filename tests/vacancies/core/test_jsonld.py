"""JobPosting JSON-LD: required properties, employment types, alternate titles, safe embedding."""

from __future__ import annotations

import json
from datetime import date

from krapte.vacancies.core.jsonld import job_posting, missing, script_text
from krapte.vacancies.core.vacancy import Vacancy


def _vacancy(**changes: object) -> Vacancy:
    fields: dict[str, object] = {
        "organisation": "Vzw De Brug",
        "title": "Maatschappelijk werker (m/v/x)",
        "occupation": "maatschappelijk werker",
        "specialisation": "maatschappelijk werk",
        "level": "bachelor",
        "programme": "sociaal werk",
        "accepted_diplomas": ("maatschappelijk assistent",),
        "competence_route": "",
        "municipality": "Gent",
        "province": "Oost-Vlaanderen",
        "sector": "jeugdhulp",
        "hours": 38.0,
        "contract": "vast",
        "joint_committee": "",
        "pay_scale": "",
        "description": "Je werkt met gezinnen.",
        "posted_on": date(2026, 11, 1),
        "closes_on": date(2026, 12, 31),
        "id": 7,
    }
    fields.update(changes)
    return Vacancy(**fields)  # type: ignore[arg-type]


def test_every_required_property_is_filled() -> None:
    posting = job_posting(_vacancy(), "https://krapte.be/vacatures/7")
    assert missing(posting) == []
    assert posting["datePosted"] == "2026-11-01"
    assert posting["validThrough"] == "2026-12-31T23:59:59+01:00"
    assert posting["employmentType"] == ["FULL_TIME"]


def test_part_time_replacement_is_part_time_and_temporary() -> None:
    posting = job_posting(_vacancy(hours=19.0, contract="vervanging"), "u")
    assert posting["employmentType"] == ["PART_TIME", "TEMPORARY"]


def test_alternate_titles_combine_the_three_names_without_the_title_itself() -> None:
    posting = job_posting(_vacancy(), "u")
    assert posting["alternateName"] == ["sociaal werker", "maatschappelijk assistent"]


def test_a_description_cannot_close_the_script_element() -> None:
    text = script_text(job_posting(_vacancy(description="</script><b>x</b>"), "u"))
    assert "</script>" not in text
    assert json.loads(text)["description"] == "</script><b>x</b>"
