"""The store: SQLite in WAL mode, checked before use, never created by reading."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from krapte.db.migrate import upgrade
from krapte.db.store import Store
from krapte.errors import NotInitialised
from krapte.settings import Settings


def _store(path: Path, **settings: object) -> Store:
    return Store(Settings(database_url=f"sqlite:///{path}", **settings))


def test_initialise_creates_the_folder_and_a_wal_database_with_foreign_keys(
    tmp_path: Path,
) -> None:
    store = _store(tmp_path / "sub" / "k.db")
    store.initialise()
    with store.engine.connect() as connection:
        assert connection.scalar(text("PRAGMA journal_mode")) == "wal"
        assert connection.scalar(text("PRAGMA foreign_keys")) == 1
    assert (tmp_path / "sub" / "k.db").is_file()
    store.dispose()


def test_reading_a_store_that_was_never_built_creates_nothing(tmp_path: Path) -> None:
    store = _store(tmp_path / "sub" / "k.db")
    with pytest.raises(NotInitialised, match="nog niet ingericht"):
        store.unit_of_work()
    assert list(tmp_path.iterdir()) == []


def test_an_empty_sqlite_file_is_not_a_store(tmp_path: Path) -> None:
    (tmp_path / "k.db").touch()
    with pytest.raises(NotInitialised, match="nog niet ingericht"):
        _store(tmp_path / "k.db").unit_of_work()


def test_a_store_with_an_older_structure_says_so(tmp_path: Path) -> None:
    store = _store(tmp_path / "k.db")
    upgrade(store.engine, "0001_datahub")  # the structure of an earlier krapte
    with pytest.raises(NotInitialised, match="oudere structuur") as caught:
        store.unit_of_work()
    assert caught.value.outdated
    store.initialise()
    store.unit_of_work()  # up to date again
    store.dispose()


def test_the_default_store_lives_in_krapte_home(krapte_home: Path) -> None:
    settings = Settings()
    assert settings.home == krapte_home
    assert settings.database_url == f"sqlite:///{krapte_home / 'krapte.db'}"


def test_a_failing_statement_keeps_its_parameters_out_of_the_message(tmp_path: Path) -> None:
    from sqlalchemy.exc import IntegrityError

    store = _store(tmp_path / "k.db")
    with store.engine.begin() as connection:
        connection.execute(text("CREATE TABLE person (email TEXT UNIQUE)"))
        connection.execute(text("INSERT INTO person VALUES (:e)"), {"e": "anna@odisee.test"})
    with pytest.raises(IntegrityError) as failed, store.engine.begin() as connection:
        connection.execute(text("INSERT INTO person VALUES (:e)"), {"e": "anna@odisee.test"})
    assert "UNIQUE" in str(failed.value)
    assert "anna@odisee.test" not in str(failed.value)
    store.dispose()
