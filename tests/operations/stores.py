"""Stores for the backup tests: a second, empty store on the same backend, and content digests."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlalchemy import MetaData, create_engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from krapte.settings import get_settings

POSTGRES_TARGET_SUFFIX = "_target"


def use_store(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    """Point the command line at the store ``url``."""
    monkeypatch.setenv("KRAPTE_DATABASE_URL", url)
    get_settings.cache_clear()


def empty_store_url(source_url: str, tmp_path: Path) -> str:
    """A store beside ``source_url`` that does not exist yet (a file, or a database)."""
    if source_url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / 'elders' / 'krapte.db'}"
    url = make_url(source_url)
    target = url.set(database=f"{url.database}{POSTGRES_TARGET_SUFFIX}")
    drop_database(target.render_as_string(hide_password=False))
    return target.render_as_string(hide_password=False)


def drop_database(url: str) -> None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        return
    engine = create_engine(
        parsed.set(database="postgres"), poolclass=NullPool, isolation_level="AUTOCOMMIT"
    )
    with engine.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)')
    engine.dispose()


def table_digests(url: str) -> dict[str, str]:
    """A SHA-256 of every table's rows (sorted), so equal stores give equal digests."""
    engine = create_engine(url, poolclass=NullPool)
    try:
        metadata = MetaData()
        metadata.reflect(bind=engine)
        digests = {}
        with engine.connect() as connection:
            for name, table in sorted(metadata.tables.items()):
                rows = sorted(repr(tuple(row)) for row in connection.execute(select(table)))
                digests[name] = hashlib.sha256("\n".join(rows).encode()).hexdigest()
        return digests
    finally:
        engine.dispose()


def scalar(url: str, query: str) -> int:
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            return int(connection.execute(text(query)).scalar_one())
    finally:
        engine.dispose()


def store_exists(url: str) -> bool:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return Path(parsed.database or "").exists()
    engine = create_engine(
        parsed.set(database="postgres"), poolclass=NullPool, isolation_level="AUTOCOMMIT"
    )
    with engine.connect() as connection:
        found = connection.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": parsed.database}
        ).first()
    engine.dispose()
    return found is not None


def create_database(url: str) -> None:
    """Make the empty store ``url`` exist: its folder on SQLite, its database on PostgreSQL."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        Path(parsed.database or "").parent.mkdir(parents=True, exist_ok=True)
        return
    engine = create_engine(
        parsed.set(database="postgres"), poolclass=NullPool, isolation_level="AUTOCOMMIT"
    )
    with engine.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{parsed.database}"')
    engine.dispose()
