"""The versioned store, on SQLite and (when a server is given) PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from builders import obs, series, write_package
from krapte.bootstrap import Container
from krapte.datahub import repository, service
from krapte.datahub.core.bundle import load_package
from krapte.datahub.core.records import Observation
from krapte.db.migrate import current_revision, head_revision
from krapte.errors import Conflict, NotFound

INSTITUTIONS = [
    {
        "name": "UC Limburg",
        "kind": "hogeschool",
        "campus_city": "Diepenbeek",
        "province": "Limburg",
        "note": "",
    }
]


def _package(folder: Path, values: tuple[float, ...] = (1661, 1846)) -> Path:
    rows = series([2020, 2021], values, level="graduaat", programme="maatschappelijk werk")
    return write_package(folder, {"inschrijvingen": rows}, {"institutions": INSTITUTIONS})


def _load(container: Container, folder: Path, values: tuple[float, ...] = (1661, 1846)) -> None:
    service.load_bundle(container.unit_of_work(write=True), load_package(_package(folder, values)))


def _counts(container: Container) -> tuple[int, int]:
    with container.unit_of_work() as uow:
        return repository.count_releases(uow.session), repository.count_observations(uow.session)


def _values(container: Container, version: int | None = None) -> list[float]:
    rows = service.observations(container.unit_of_work(), "inschrijvingen", version=version)
    return [o.value for o in rows]


def test_init_migrates_to_head_and_loads_the_package(container: Container, tmp_path: Path) -> None:
    report = service.load_bundle(
        container.unit_of_work(write=True), load_package(_package(tmp_path / "pkg"))
    )
    assert report.loaded == ["inschrijvingen"]
    engine = container.store.engine
    assert current_revision(engine) == head_revision(engine)
    assert _values(container) == [1661.0, 1846.0]
    assert service.institution_provinces(container.unit_of_work()) == {"UC Limburg": "Limburg"}


def test_init_twice_changes_nothing(container: Container, tmp_path: Path) -> None:
    package = load_package(_package(tmp_path / "pkg"))
    service.load_bundle(container.unit_of_work(write=True), package)
    before = _counts(container)
    second = service.load_bundle(container.unit_of_work(write=True), package)
    assert (second.loaded, second.unchanged, second.references_updated) == (
        [],
        ["inschrijvingen"],
        [],
    )
    assert _counts(container) == before


def test_changed_bundle_becomes_a_new_release_and_the_old_stays_queryable(
    container: Container, tmp_path: Path
) -> None:
    _load(container, tmp_path / "a")
    _load(container, tmp_path / "b", values=(1661, 1900))
    assert _values(container) == [1661.0, 1900.0]
    assert _values(container, version=1) == [1661.0, 1846.0]
    assert service.dataset_detail(container.unit_of_work(), "inschrijvingen").release.version == 2


def test_a_bundled_file_that_returns_to_an_earlier_content_is_served_again(
    container: Container, tmp_path: Path
) -> None:
    _load(container, tmp_path / "a")
    _load(container, tmp_path / "b", values=(1661, 1900))
    _load(container, tmp_path / "c")  # the fix of the fix: back to the first content
    assert _values(container) == [1661.0, 1846.0]
    assert service.dataset_detail(container.unit_of_work(), "inschrijvingen").versions == (1, 2, 3)


def _add_version(container: Container, rows: list[Observation]) -> None:
    with container.unit_of_work(write=True) as uow:
        repository.add_release(
            uow.session,
            dataset="inschrijvingen",
            label="import",
            origin="import:test",
            checksum="1" * 64,
            observations=rows,
        )
        uow.commit()


def test_a_changed_bundle_never_drops_figures_imported_into_the_dataset(
    container: Container, tmp_path: Path
) -> None:
    _load(container, tmp_path / "a")
    bundled = service.observations(container.unit_of_work(), "inschrijvingen")
    vacancies = obs(measure="vacatures", period="2025-04", value=771.0, table="vdab")
    _add_version(container, [*bundled, vacancies])
    _load(container, tmp_path / "b", values=(1661, 1900))
    current = {(o.measure, o.period, o.value) for o in _current(container)}
    assert ("vacatures", "2025-04", 771.0) in current
    assert ("inschrijvingen", "2021", 1900.0) in current


def test_figures_imported_for_a_bundled_measure_stay_and_init_says_so(
    container: Container, tmp_path: Path
) -> None:
    _load(container, tmp_path / "a")
    newer = series(
        [2020, 2021, 2022],
        [1661, 1846, 2001],
        level="graduaat",
        programme="maatschappelijk werk",
        table="dataloep",
    )
    _add_version(container, newer)
    report = service.load_bundle(
        container.unit_of_work(write=True),
        load_package(_package(tmp_path / "b", values=(1661, 1900))),
    )
    assert report.loaded == []
    assert any(
        "maatstaf inschrijvingen blijft zoals in versie 2" in line for line in report.lines()
    )
    assert _values(container) == [1661.0, 1846.0, 2001.0]


def _current(container: Container) -> list[Observation]:
    return service.current_observations(container.unit_of_work())


def test_a_release_with_a_duplicate_key_is_refused_whole(container: Container) -> None:
    before = _counts(container)

    def store_twice() -> None:
        with container.unit_of_work(write=True) as uow:
            repository.ensure_dataset(uow.session, "inschrijvingen", "Inschrijvingen")
            repository.add_release(
                uow.session,
                dataset="inschrijvingen",
                label="test",
                origin="test",
                checksum="0" * 64,
                observations=[obs(value=1.0), obs(value=2.0)],
            )
            uow.commit()

    with pytest.raises(Conflict):
        store_twice()
    assert _counts(container) == before


def test_unknown_dataset_and_version_are_named(container: Container, tmp_path: Path) -> None:
    with pytest.raises(NotFound, match="onbekende dataset: nergens"):
        service.observations(container.unit_of_work(), "nergens")
    _load(container, tmp_path / "a")
    with pytest.raises(NotFound, match="versie 9 van dataset inschrijvingen bestaat niet"):
        service.observations(container.unit_of_work(), "inschrijvingen", version=9)


def test_a_version_beyond_the_integer_range_is_not_found(
    container: Container, tmp_path: Path
) -> None:
    _load(container, tmp_path / "a")
    with pytest.raises(NotFound, match="versie 99999999999 van dataset"):
        service.dataset_detail(container.unit_of_work(), "inschrijvingen", 99_999_999_999)


def test_restoring_the_current_version_says_there_is_nothing_to_restore(
    container: Container, tmp_path: Path
) -> None:
    _load(container, tmp_path / "a")
    with pytest.raises(Conflict, match="er is niets te herstellen"):
        service.restore_release(container.unit_of_work(write=True), "inschrijvingen", 1)
    assert _counts(container) == (1, 2)


def test_restore_copies_an_older_version_as_the_newest(
    container: Container, tmp_path: Path
) -> None:
    _load(container, tmp_path / "a")
    _load(container, tmp_path / "b", values=(1661, 1900))
    restored = service.restore_release(container.unit_of_work(write=True), "inschrijvingen", 1)
    assert restored.version == 3
    assert _values(container) == [1661.0, 1846.0]


def test_export_rows_hold_every_version_when_asked(container: Container, tmp_path: Path) -> None:
    _load(container, tmp_path / "a")
    _load(container, tmp_path / "b", values=(1661, 1900))
    latest = service.export_rows(container.unit_of_work())
    every = service.export_rows(container.unit_of_work(), all_releases=True)
    assert [(r["period"], r["value"]) for r in latest] == [("2020", 1661.0), ("2021", 1900.0)]
    assert sorted({r["release"] for r in every}) == [1, 2]
    assert len(every) == 4
