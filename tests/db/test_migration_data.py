"""Every migration upgrades a store filled by the revision before it, and the rows survive.

For each revision in the script directory (new ones are covered without touching this file):
an empty store is migrated to the revision before it, every table that exists there gets rows
(a generic filler over the reflected schema: valid values per column type, foreign keys pointing
at the rows of the referenced table), the store is upgraded one step, and each table's row count
and primary keys must be as before. On SQLite always, on PostgreSQL when a server is given.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, MetaData, Table, create_engine, select, types
from sqlalchemy.pool import NullPool

from krapte.db.migrate import revisions, upgrade
from operations.stores import create_database, drop_database, empty_store_url

POSTGRES_URL = os.environ.get("KRAPTE_TEST_POSTGRES_URL", "")
ROWS = 3
STEPS = [(pair[0][0], pair[1][0]) for pair in zip(revisions(), revisions()[1:], strict=False)]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "postgresql":
        if not POSTGRES_URL:
            pytest.skip("no PostgreSQL server: set KRAPTE_TEST_POSTGRES_URL")
        url = empty_store_url(POSTGRES_URL, tmp_path)
    else:
        url = f"sqlite:///{tmp_path / 'migraties.db'}"
    create_database(url)
    engine = create_engine(url, poolclass=NullPool)
    yield engine
    engine.dispose()
    drop_database(url)


def _value(column: Any, row: int) -> Any:
    kind = column.type
    if isinstance(kind, types.Boolean):
        return row % 2 == 0
    if isinstance(kind, types.Integer):
        return row + 1
    if isinstance(kind, types.Float | types.Numeric):
        return row + 0.5
    if isinstance(kind, types.DateTime):
        return dt.datetime(2026, 1, 1 + row, 12, tzinfo=dt.UTC)
    if isinstance(kind, types.Date):
        return dt.date(2026, 1, 1 + row)
    if isinstance(kind, types.JSON):
        return {"rij": row}
    if isinstance(kind, types.LargeBinary):
        return bytes([row])
    length = getattr(kind, "length", None) or 40
    return f"{column.name[: max(1, length - 3)]}{row}"[:length]


def fill(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Insert ROWS valid rows into every table (Alembic's aside); their primary keys by table."""
    metadata = MetaData()
    metadata.reflect(bind=engine)
    rows: dict[str, list[dict[str, Any]]] = {}
    with engine.begin() as connection:
        for table in metadata.sorted_tables:
            if table.name == "alembic_version":
                continue
            made = []
            for row in range(ROWS):
                values = {c.name: _value(c, row) for c in table.columns}
                for key in table.foreign_keys:
                    parent = rows.get(key.column.table.name)
                    if parent:
                        values[key.parent.name] = parent[row][key.column.name]
                made.append(values)
            connection.execute(table.insert(), made)
            rows[table.name] = made
    return {name: sorted(_keys(metadata.tables[name], made)) for name, made in rows.items()}


def _keys(table: Table, made: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [tuple(values[c.name] for c in table.primary_key.columns) for values in made]


def stored_keys(engine: Engine, names: list[str]) -> dict[str, list[tuple[Any, ...]]]:
    metadata = MetaData()
    metadata.reflect(bind=engine)
    found = {}
    with engine.connect() as connection:
        for name in names:
            table = metadata.tables.get(name)
            if table is None:
                continue
            columns = list(table.primary_key.columns)
            found[name] = sorted(tuple(r) for r in connection.execute(select(*columns)))
    return found


@pytest.mark.parametrize(("previous", "revision"), STEPS, ids=[step[1] for step in STEPS])
def test_rows_survive_the_migration(empty_engine: Engine, previous: str, revision: str) -> None:
    upgrade(empty_engine, previous)
    before = fill(empty_engine)
    assert all(len(keys) == ROWS for keys in before.values())
    upgrade(empty_engine, revision)
    after = stored_keys(empty_engine, list(before))
    assert after == {name: keys for name, keys in before.items() if name in after}
    assert set(after) == set(before), "a migration dropped a table that held rows"


def test_rounds_stored_before_0005_become_drafts_with_lists_of_three(
    empty_engine: Engine,
) -> None:
    upgrade(empty_engine, "0004_release_choice")
    rounds = fill(empty_engine)["placement_round"]
    upgrade(empty_engine, "0005_placement_round")
    metadata = MetaData()
    metadata.reflect(bind=empty_engine, only=["placement_round"])
    table = metadata.tables["placement_round"]
    with empty_engine.connect() as connection:
        stored = connection.execute(select(table.c.id, table.c.phase, table.c.min_choices)).all()
    assert sorted((row.id, row.phase, row.min_choices) for row in stored) == [
        (key[0], "draft", 3) for key in rounds
    ]
