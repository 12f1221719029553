"""Vacancy statistics for the data hub, and days to a first answer with small cells suppressed."""

from __future__ import annotations

from datetime import date

from krapte.vacancies.core.application import Answered, by_organisation, by_sector
from krapte.vacancies.core.statistics import Posted, figures


def test_counts_per_month_diploma_province_sector_and_days_open() -> None:
    bachelor, graduate = ("sociaal werk", "bachelor"), ("maatschappelijk werk", "graduaat")
    found = figures(
        [
            Posted(*bachelor, "Antwerpen", "jeugdhulp", date(2026, 10, 3), date(2026, 10, 13)),
            Posted(*bachelor, "Limburg", "jeugdhulp", date(2026, 10, 20), None),
            Posted(*graduate, "Limburg", "ouderenzorg", date(2026, 11, 2), date(2026, 11, 6)),
        ]
    )
    cells = {
        (o.measure, o.period, o.geography, o.programme, o.level, o.category): o.value for o in found
    }
    assert cells[("vacatures", "2026-10", "Vlaanderen", "", "", "")] == 2
    assert cells[("vacatures", "2026-10", "Vlaanderen", "sociaal werk", "bachelor", "")] == 2
    assert cells[("vacatures", "2026-10", "Limburg", "", "", "")] == 1
    assert cells[("vacatures", "2026-11", "Vlaanderen", "", "", "ouderenzorg")] == 1
    assert cells[("dagen open (gemiddelde)", "2026-10", "Vlaanderen", "", "", "")] == 10
    assert cells[("dagen open (gemiddelde)", "2026-11", "Vlaanderen", "", "graduaat", "")] == 4
    assert len(cells) == len(found)
    assert {o.source for o in found} == {"krapte vacatures"}


def _answers(organisations: int, per_organisation: int, days: float = 2.0) -> list[Answered]:
    return [
        Answered(f"org {o}", "jeugdhulp", days)
        for o in range(organisations)
        for _ in range(per_organisation)
    ]


def test_a_sector_cell_shows_from_three_organisations_and_ten_answers() -> None:
    shown = by_sector(_answers(3, 4))
    assert shown[0].median_days == 2.0
    assert shown[0].suppressed is False
    too_few_organisations = by_sector(_answers(2, 10))
    assert too_few_organisations[0].median_days is None
    assert too_few_organisations[0].suppressed is True
    too_few_answers = by_sector(_answers(3, 3))
    assert too_few_answers[0].suppressed is True


def test_an_organisation_always_sees_its_own_figure_and_unanswered_ones_count() -> None:
    own = by_organisation([Answered("A", "jeugdhulp", 1.0), Answered("A", "jeugdhulp", None)])
    assert own[0].applications == 2
    assert own[0].answered == 1
    assert own[0].median_days == 1.0
