"""The filter choices stored with each version equal the values of its figures (SQLite and
PostgreSQL): written by imports (also for the measures carried over) and by the bundled data."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import delete, func, select

from builders import EXPORT_ROWS, write_rows
from datahub.explorer_builders import DATASET, figure, fill
from krapte.bootstrap import Container
from krapte.datahub import filter_choices, repository
from krapte.datahub import tables as t
from krapte.datahub.core.explorer import Choices
from krapte.datahub.core.importer import ImportOptions
from krapte.datahub.core.selection import Selection
from krapte.datahub.explorer import explore
from krapte.datahub.import_service import RemovalNotConfirmed, import_file
from krapte.errors import InvalidInput


def stored_and_computed(container: Container, dataset: str) -> tuple[Choices, Choices]:
    with container.unit_of_work() as uow:
        release_id = repository.release_id(uow.session, dataset)
        assert filter_choices.load(uow.session, release_id) is not None
        return (
            filter_choices.read(uow.session, release_id),
            filter_choices.computed(uow.session, release_id),
        )


def choice_rows(container: Container) -> int:
    with container.unit_of_work() as uow:
        return uow.session.scalar(select(func.count()).select_from(t.ReleaseChoice)) or 0


def test_a_stored_version_keeps_the_filter_choicesof_its_figures(container: Container) -> None:
    fill(container)
    stored, computed = stored_and_computed(container, DATASET)
    assert stored == computed
    assert stored.provinces == ("Antwerpen", "Limburg", "Oost-Vlaanderen")


def test_an_import_stores_its_filter_choicesand_those_of_the_measures_it_keeps(
    container: Container, tmp_path: Path
) -> None:
    fill(container)
    path = write_rows(tmp_path / "export.csv", EXPORT_ROWS)
    options = ImportOptions(dataset=DATASET, measure="diploma", level="bachelor", source="Dataloep")
    import_file(container.unit_of_work(write=True), path, options)
    stored, computed = stored_and_computed(container, DATASET)
    assert stored == computed
    assert stored.measures == ("aandeel_vrouwen", "diploma", "inschrijvingen")
    assert "Dataloep" in stored.sources
    assert {"2022", "2023"} <= set(stored.periods)


def test_an_import_that_replaces_every_measure_stores_only_its_own_choices(
    container: Container, tmp_path: Path
) -> None:
    fill(container)
    path = write_rows(tmp_path / "export.csv", EXPORT_ROWS)
    for measure in ("inschrijvingen", "aandeel_vrouwen"):
        options = ImportOptions(dataset=DATASET, measure=measure, level="bachelor")
        import_file(container.unit_of_work(write=True), path, options, remove_missing=True)
    stored, computed = stored_and_computed(container, DATASET)
    assert stored == computed
    assert stored.institutions == ("HOGENT", "Odisee")


def test_a_refused_import_stores_no_choices(container: Container, tmp_path: Path) -> None:
    fill(container)
    before = choice_rows(container)
    path = write_rows(tmp_path / "export.csv", EXPORT_ROWS)
    options = ImportOptions(dataset=DATASET, measure="inschrijvingen")
    with pytest.raises(RemovalNotConfirmed):
        import_file(container.unit_of_work(write=True), path, options)
    assert choice_rows(container) == before


def test_a_version_stored_without_filter_choiceshas_them_worked_out(container: Container) -> None:
    fill(container)
    with container.unit_of_work(write=True) as uow:
        uow.session.execute(delete(t.ReleaseChoice))
        uow.commit()
    page = explore(container.unit_of_work(), Selection(dataset=DATASET))
    assert page.choices.institutions == ("AP", "HOGENT", "KdG", "PXL")
    assert page.choices.provinces == ("Antwerpen", "Limburg", "Oost-Vlaanderen")


def test_a_version_of_percentages_only_is_never_added_up(container: Container) -> None:
    fill(container, [figure("AP", 2024, 80.5, measure="aandeel", unit="percent")])
    with pytest.raises(InvalidInput, match="alleen aantallen"):
        explore(container.unit_of_work(), Selection(dataset=DATASET, group=("institution",)))


def test_a_version_of_one_measure_of_counts_adds_up(container: Container) -> None:
    fill(container, [figure("AP", 2024, 100), figure("KdG", 2024, 200)])
    page = explore(container.unit_of_work(), Selection(dataset=DATASET))
    assert page.wide is not None
    assert page.wide.totals == (300,)
