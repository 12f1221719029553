"""The versioned store, on SQLite and (when a server is given) PostgreSQL."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from builders import obs, series, write_package
from krapte.bootstrap import Container
from krapte.datahub import repository
from krapte.datahub.core.bundle import load_package
from krapte.datahub.core.records import TIDY_COLUMNS
from krapte.datahub.service import export_rows, initialise, render_export
from krapte.datahub import tables as t
from krapte.db.engine import transaction
from krapte.db.migrate import current_revision, head_revision

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


def _counts(container: Container) -> tuple[int, int]:
    with container.session_factory() as session:
        releases = session.scalar(select(func.count()).select_from(t.Release)) or 0
        return releases, repository.count_observations(session)


def test_init_migrates_to_head_and_loads_the_package(container: Container, tmp_path: Path) -> None:
    package = load_package(_package(tmp_path / "pkg"))
    report = initialise(container.engine, container.session_factory, package)
    assert report.loaded == ["inschrijvingen"]
    assert current_revision(container.engine) == head_revision(container.engine)
    with container.session_factory() as session:
        values = [o.value for o in repository.fetch_observations(session, "inschrijvingen")]
        assert values == [1661.0, 1846.0]
        assert session.get(t.Institution, "UC Limburg") is not None


def test_init_twice_changes_nothing(container: Container, tmp_path: Path) -> None:
    package = load_package(_package(tmp_path / "pkg"))
    initialise(container.engine, container.session_factory, package)
    before = _counts(container)
    second = initialise(container.engine, container.session_factory, package)
    assert second.loaded == []
    assert second.unchanged == ["inschrijvingen"]
    assert second.references_updated == []
    assert _counts(container) == before


def test_changed_bundle_becomes_a_new_release_and_the_old_stays_queryable(
    container: Container, tmp_path: Path
) -> None:
    initialise(container.engine, container.session_factory, load_package(_package(tmp_path / "a")))
    newer = load_package(_package(tmp_path / "b", values=(1661, 1900)))
    initialise(container.engine, container.session_factory, newer)
    with container.session_factory() as session:
        latest = repository.fetch_observations(session, "inschrijvingen")
        first = repository.fetch_observations(session, "inschrijvingen", version=1)
        assert [o.value for o in latest] == [1661.0, 1900.0]
        assert [o.value for o in first] == [1661.0, 1846.0]
        assert repository.get_release(session, "inschrijvingen").version == 2


def test_a_release_with_a_duplicate_key_is_rejected_whole(container: Container) -> None:
    before = _counts(container)
    twice = [obs(value=1.0), obs(value=2.0)]

    def store_twice() -> None:
        with transaction(container.session_factory) as session:
            repository.ensure_dataset(session, "inschrijvingen", "Inschrijvingen")
            repository.add_release(
                session,
                dataset="inschrijvingen",
                label="test",
                origin="test",
                checksum="0" * 64,
                observations=twice,
            )

    with pytest.raises(IntegrityError):
        store_twice()
    assert _counts(container) == before


def test_unknown_dataset_is_a_clear_error(container: Container) -> None:
    with (
        container.session_factory() as session,
        pytest.raises(repository.UnknownDatasetError, match="onbekende dataset: nergens"),
    ):
        repository.fetch_observations(session, "nergens")


def test_export_writes_the_tidy_columns_of_the_datapackage(
    container: Container, tmp_path: Path
) -> None:
    initialise(container.engine, container.session_factory, load_package(_package(tmp_path / "p")))
    with container.session_factory() as session:
        text = render_export(export_rows(session), "csv", all_releases=False)
    reader = csv.DictReader(io.StringIO(text))
    rows = list(reader)
    assert tuple(reader.fieldnames or ()) == TIDY_COLUMNS
    assert [(r["period"], r["value"]) for r in rows] == [("2020", "1661"), ("2021", "1846")]
    assert {r["dataset"] for r in rows} == {"inschrijvingen"}
