"""The Alembic migrations build exactly the tables the capabilities' models describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from krapte.bootstrap import Container
from krapte.capabilities import import_tables
from krapte.db.base import Base
from krapte.db.migrate import current_revision, head_revision


def test_migrated_schema_matches_the_models(container: Container) -> None:
    import_tables()
    with container.store.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == []


def test_initialise_is_idempotent(container: Container) -> None:
    engine = container.store.engine
    tables = sorted(inspect(engine).get_table_names())
    container.store.initialise()
    assert sorted(inspect(engine).get_table_names()) == tables
    assert current_revision(engine) == head_revision(engine)
