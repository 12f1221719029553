"""The dashboard's key figures and province view, from the core maths to the service."""

from __future__ import annotations

import pytest

from builders import obs, series, store_release
from krapte.bootstrap import Container
from krapte.datahub import repository
from krapte.datahub.core.records import Observation
from krapte.indicators.core.dashboard import (
    KEY_FIGURES,
    PRINTED_TOTAL,
    SUM_OF_INSTITUTIONS,
    SUM_OF_PROGRAMMES,
    CardSpec,
    key_figure,
    level_trend,
    province_figures,
    province_table,
    tension_figure,
)
from krapte.indicators.core.tension import tension_by_region
from krapte.indicators.service import dashboard

GRADUAAT_TOTAL = series([2022, 2023, 2024], [2320, 2435, 2742], level="graduaat", programme="")
PROGRAMMES = [
    *series([2023, 2024], [1828, 1900], level="bachelor", programme="sociaal werk"),
    *series([2023, 2024], [40, 50], level="bachelor", programme="toegepaste sociale studies"),
]
INSTITUTIONS = [
    *series([2024], [971], level="master", programme="sw", institution="AP Antwerpen"),
    *series([2024], [298], level="master", programme="sw", institution="HOGENT"),
    *series([2024], [100], level="master", programme="sw", institution="Odisee Gent"),
]
PROVINCE_OF = {
    "AP Antwerpen": "Antwerpen",
    "HOGENT": "Oost-Vlaanderen",
    "Odisee Gent": "Oost-Vlaanderen",
}


def _spec(level: str) -> CardSpec:
    return CardSpec(f"x-{level}", f"X {level}", "inschrijvingen", "inschrijvingen", level=level)


def test_level_trend_prefers_the_printed_level_total() -> None:
    rows = GRADUAAT_TOTAL + series([2024], [9999], level="graduaat", programme="mw")
    values, how = level_trend(rows, "inschrijvingen", "graduaat")
    assert values == {int(o.period): o.value for o in GRADUAAT_TOTAL}
    assert how == PRINTED_TOTAL


def test_level_without_printed_total_sums_its_programmes_on_common_years() -> None:
    extra = series([2022], [7], level="bachelor", programme="sociaal werk")
    values, how = level_trend(PROGRAMMES + extra, "inschrijvingen", "bachelor")
    expected = {
        year: sum(o.value for o in PROGRAMMES if o.period == str(year)) for year in (2023, 2024)
    }
    assert values == expected  # 2022 has only one programme: left out, not half a total
    assert how == SUM_OF_PROGRAMMES


def test_level_with_only_institution_rows_sums_the_institutions() -> None:
    values, how = level_trend(INSTITUTIONS, "inschrijvingen", "master")
    assert values == {2024: sum(o.value for o in INSTITUTIONS)}
    assert how == SUM_OF_INSTITUTIONS


def test_key_figure_change_is_latest_minus_previous_period() -> None:
    figure = key_figure(_spec("graduaat"), GRADUAAT_TOTAL)
    assert figure is not None
    last, before = GRADUAAT_TOTAL[-1].value, GRADUAAT_TOTAL[-2].value
    assert (figure.latest.value, figure.previous and figure.previous.value) == (last, before)
    assert figure.change == last - before
    assert figure.change_percent == pytest.approx((last - before) / before * 100)
    assert (figure.period, figure.section, figure.source) == ("2024", "4.1.1", "Dataloep 2025")


def test_key_figure_is_absent_when_the_level_has_no_data() -> None:
    assert key_figure(_spec("master"), GRADUAAT_TOTAL) is None


def test_single_period_figure_has_no_change() -> None:
    rows = [obs(dataset="w", measure="werkzoekenden", period="2025-04", value=1542, level="",
                programme="", category="maatschappelijk werker")]  # fmt: skip
    spec = CardSpec("w", "W", "w", "werkzoekenden", category="maatschappelijk werker")
    figure = key_figure(spec, rows)
    assert figure is not None
    assert (figure.latest.value, figure.previous, figure.change) == (1542, None, None)


def test_comparison_puts_the_named_group_first_and_keeps_the_others() -> None:
    rows = [
        obs(dataset="t", measure="groei", period="2014-2023", value=v, unit="percent",
            level="", programme="", category=c)
        for c, v in (("alle beroepen", 11.4), ("sociaal werkers", 36.9))
    ]  # fmt: skip
    spec = CardSpec("g", "G", "t", "groei", category="sociaal werkers", kind="comparison")
    figure = key_figure(spec, rows)
    assert figure is not None
    assert [(p.label, p.value) for p in figure.points] == [
        ("sociaal werkers", 36.9),
        ("alle beroepen", 11.4),
    ]
    assert figure.change is None
    assert figure.period == "2014-2023"


def _tension_rows(vacancies: list[float]) -> list[Observation]:
    rows = []
    for month, (seekers, open_) in enumerate(zip([1500.0, 1542.0], vacancies, strict=True), 3):
        common = {"dataset": "wv", "period": f"2025-0{month}", "level": "", "programme": "",
                  "category": "maatschappelijk werker"}  # fmt: skip
        rows += [obs(measure="werkzoekenden", value=seekers, **common)]
        rows += [obs(measure="vacatures", value=open_, **common)]
    return rows


def test_tension_figure_appears_only_when_vacancies_are_present() -> None:
    without = [o for o in _tension_rows([300.0, 250.0]) if o.measure != "vacatures"]
    assert tension_figure(tension_by_region(without), "wv") is None
    figure = tension_figure(tension_by_region(_tension_rows([300.0, 250.0])), "wv")
    assert figure is not None
    assert [p.value for p in figure.points] == [1500 / 300, 1542 / 250]
    assert figure.change == pytest.approx(1542 / 250 - 1500 / 300)


def test_province_view_sums_institutions_per_campus_province() -> None:
    figures = province_figures("inschrijvingen", INSTITUTIONS, PROVINCE_OF)
    totals = {(f.province, f.level, f.year): f.value for f in figures}
    expected_east = sum(o.value for o in INSTITUTIONS if PROVINCE_OF[o.institution] != "Antwerpen")
    assert totals == {
        ("Antwerpen", "master", 2024): INSTITUTIONS[0].value,
        ("Oost-Vlaanderen", "master", 2024): expected_east,
    }
    table = province_table(figures, ["inschrijvingen"])
    assert [(c.level, c.year) for c in table.columns] == [("master", 2024)]
    assert table.totals == (sum(o.value for o in INSTITUTIONS),)


def test_every_card_names_a_known_dataset_once() -> None:
    keys = [spec.key for spec in KEY_FIGURES]
    assert len(keys) == len(set(keys))


def test_dashboard_service_reads_the_store(container: Container) -> None:
    institutions = [
        {"name": name, "kind": "hogeschool", "campus_city": "", "province": province, "note": ""}
        for name, province in PROVINCE_OF.items()
    ]
    with container.unit_of_work(write=True) as uow:
        repository.replace_reference(uow.session, "institutions", institutions)
        store_release(uow.session, GRADUAAT_TOTAL + INSTITUTIONS, label="Dataloep-export")
        uow.commit()
    board = dashboard(container.unit_of_work())
    figure = board.figure("inschrijvingen-graduaat")
    assert figure.latest.value == GRADUAAT_TOTAL[-1].value
    assert board.figure("inschrijvingen-master").latest.value == sum(o.value for o in INSTITUTIONS)
    assert board.versions["inschrijvingen"].label == "Dataloep-export"
    assert {f.province for f in board.provinces} == {"Antwerpen", "Oost-Vlaanderen"}
    assert board.tension == ()
