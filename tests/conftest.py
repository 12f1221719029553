"""Shared fixtures: databases on SQLite (always) and PostgreSQL (when a server is given)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from builders import drop_everything
from krapte.bootstrap import Container, bootstrap
from krapte.settings import Settings, get_settings

POSTGRES_URL = os.environ.get("KRAPTE_TEST_POSTGRES_URL", "")
NO_POSTGRES = "no PostgreSQL server: set KRAPTE_TEST_POSTGRES_URL (`.ci/run` does)"


@pytest.fixture(autouse=True)
def krapte_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """Every test has its own KRAPTE_HOME: no test ever touches the user's own store."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("KRAPTE_HOME", str(home))
    monkeypatch.delenv("KRAPTE_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    yield home
    get_settings.cache_clear()


def _container(url: str) -> Container:
    return bootstrap(Settings(database_url=url))


@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
)
def container(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Container]:
    """An empty, migrated store on each backend (PostgreSQL skipped without a server)."""
    if request.param == "postgresql":
        if not POSTGRES_URL:
            pytest.skip(NO_POSTGRES)
        built = _container(POSTGRES_URL)
        drop_everything(built.store.engine)
    else:
        built = _container(f"sqlite:///{tmp_path / 'krapte.db'}")
    built.store.initialise()
    yield built
    if request.param == "postgresql":
        drop_everything(built.store.engine)
    built.store.dispose()


@pytest.fixture(scope="session")
def sqlite_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """One migrated SQLite file for the whole run; tests use ``session`` on top of it."""
    built = _container(f"sqlite:///{tmp_path_factory.mktemp('db') / 'shared.db'}")
    built.store.initialise()
    yield built.store.engine
    built.store.dispose()


@pytest.fixture
def session(sqlite_engine: Engine) -> Iterator[Session]:
    """A session whose work is rolled back after the test, savepoints included."""
    with sqlite_engine.connect() as connection:
        outer = connection.begin()
        factory = sessionmaker(bind=connection, join_transaction_mode="create_savepoint")
        with factory() as db_session:
            yield db_session
        outer.rollback()


@pytest.fixture
def cli_database(krapte_home: Path) -> str:
    """The command line's store: the SQLite file in this test's KRAPTE_HOME."""
    return f"sqlite:///{krapte_home / 'krapte.db'}"


@pytest.fixture
def initialised(cli_database: str) -> str:
    """The command line's store after `krapte init` (the bundled data loaded)."""
    from builders import run_cli

    run_cli("init")
    return cli_database
