"""The indicator service reads the latest version through the data hub's service."""

from __future__ import annotations

import pytest

from builders import obs, store_release
from krapte.bootstrap import Container
from krapte.datahub import repository
from krapte.datahub.core.records import Observation
from krapte.errors import InvalidInput, NotFound
from krapte.indicators.core.series import Grouping
from krapte.indicators.service import indicator_table, tension_table

PXL = {
    "name": "PXL",
    "kind": "hogeschool",
    "campus_city": "Hasselt",
    "province": "Limburg",
    "note": "",
}


def _store(container: Container, rows: list[Observation], dataset: str = "inschrijvingen") -> None:
    with container.unit_of_work(write=True) as uow:
        repository.replace_reference(uow.session, "institutions", [PXL])
        store_release(uow.session, rows, dataset=dataset)
        uow.commit()


def test_province_table_uses_the_institution_reference(container: Container) -> None:
    _store(
        container,
        [
            obs(institution="PXL", period="2020", value=502),
            obs(institution="PXL", period="2024", value=314),
        ],
    )
    table = indicator_table(container.unit_of_work(), "inschrijvingen", grouping=Grouping.PROVINCE)
    (row,) = table.rows
    assert row.label[-1] == "Limburg"
    assert row.growth_absolute == -188
    assert table.years == [2020, 2024]


def test_a_dataset_with_several_measures_needs_a_choice(container: Container) -> None:
    _store(container, [obs(), obs(measure="studiestarters")])
    with pytest.raises(InvalidInput, match="kies er een: inschrijvingen, studiestarters"):
        indicator_table(container.unit_of_work(), "inschrijvingen")
    chosen = indicator_table(container.unit_of_work(), "inschrijvingen", measure="studiestarters")
    assert chosen.rows


def test_an_unknown_measure_or_dataset_is_not_found(container: Container) -> None:
    _store(container, [obs()])
    with pytest.raises(NotFound, match="maatstaf 'vacatures' bestaat niet"):
        indicator_table(container.unit_of_work(), "inschrijvingen", measure="vacatures")
    with pytest.raises(NotFound, match="onbekende dataset: nergens"):
        tension_table(container.unit_of_work(), "nergens")


def test_tension_pairs_job_seekers_with_vacancies(container: Container) -> None:
    _store(
        container,
        [
            obs(dataset="wv", measure="werkzoekenden", period="2025-04", value=1542, level=""),
            obs(dataset="wv", measure="vacatures", period="2025-04", value=771, level=""),
        ],
        dataset="wv",
    )
    [row] = tension_table(container.unit_of_work(), "wv")
    assert (row.period, row.ratio) == ("2025-04", 2.0)
