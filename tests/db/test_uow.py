"""The unit of work: all or nothing, callbacks around the commit, busy stores as Conflict."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import text

from builders import obs
from krapte.bootstrap import Container, bootstrap
from krapte.datahub import repository
from krapte.db.engine import writer
from krapte.errors import Conflict
from krapte.settings import Settings


def _versions(container: Container) -> int:
    with container.unit_of_work() as uow:
        return repository.count_releases(uow.session)


def _add(container: Container, value: float) -> None:
    with container.unit_of_work(write=True) as uow:
        repository.ensure_dataset(uow.session, "d", "d")
        repository.add_release(
            uow.session,
            dataset="d",
            label="t",
            origin="t",
            checksum="0",
            observations=[obs(dataset="d", value=value)],
        )
        uow.commit()


def test_leaving_without_commit_stores_nothing_and_runs_the_rollback_callbacks(
    container: Container,
) -> None:
    events: list[str] = []

    def fail_half_way() -> None:
        with container.unit_of_work(write=True) as uow:
            repository.ensure_dataset(uow.session, "d", "d")
            uow.after_commit(lambda: events.append("commit"))
            uow.on_rollback(lambda: events.append("rollback"))
            raise RuntimeError("stop")

    with pytest.raises(RuntimeError):
        fail_half_way()
    assert events == ["rollback"]
    with container.unit_of_work() as uow:
        assert repository.list_datasets(uow.session) == []


def test_after_commit_callbacks_run_only_once_the_work_is_stored(container: Container) -> None:
    seen: list[int] = []
    with container.unit_of_work(write=True) as uow:
        repository.ensure_dataset(uow.session, "d", "d")
        uow.after_commit(lambda: seen.append(len(repository.list_datasets(uow.session))))
        assert seen == []
        uow.commit()
    assert seen == [1]


def test_nested_units_of_work_commit_once_at_the_outermost(container: Container) -> None:
    outer = container.unit_of_work(write=True)

    def use_case() -> None:
        with outer:
            with outer:  # a service joining the use case's unit of work
                repository.ensure_dataset(outer.session, "d", "d")
                outer.commit()  # the service's commit waits for the outermost one
            raise RuntimeError("the use case fails after the service")

    with pytest.raises(RuntimeError):
        use_case()
    with container.unit_of_work() as uow:
        assert repository.list_datasets(uow.session) == []


def test_two_writers_of_one_dataset_take_turns(container: Container) -> None:
    errors: list[BaseException] = []

    def write(value: float) -> None:
        try:
            _add(container, value)
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(v,)) for v in (1.0, 2.0, 3.0)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert _versions(container) == 3


def test_a_store_locked_by_another_writer_is_a_dutch_conflict(tmp_path: Path) -> None:
    container = bootstrap(
        Settings(database_url=f"sqlite:///{tmp_path / 'k.db'}", busy_timeout_s=0.2)
    )
    container.store.initialise()
    with writer(container.store.engine).begin() as other:  # another writer holds the lock
        other.execute(text("CREATE TABLE busy (x INTEGER)"))
        with pytest.raises(Conflict, match="bezig met een andere schrijfopdracht"):
            _add(container, 1.0)
        other.rollback()
    _add(container, 1.0)
    assert _versions(container) == 1
    container.store.dispose()
