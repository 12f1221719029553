"""The Alembic migrations build exactly the tables the models describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

import krapte.db.all_tables  # noqa: F401
from krapte.bootstrap import Container
from krapte.db.base import Base
from krapte.db.migrate import current_revision, head_revision, upgrade


def test_migrated_schema_matches_the_models(container: Container) -> None:
    with container.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == []


def test_upgrade_is_idempotent(container: Container) -> None:
    tables = sorted(inspect(container.engine).get_table_names())
    upgrade(container.engine)
    assert sorted(inspect(container.engine).get_table_names()) == tables
    assert current_revision(container.engine) == head_revision(container.engine)
