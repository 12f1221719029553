"""The store: the configured database, checked once, opened as units of work.

Only :meth:`Store.initialise` (``krapte init``) creates or migrates a database. Every other use
goes through :meth:`Store.unit_of_work`, which first checks that the store exists and has the
newest structure and raises :class:`krapte.errors.NotInitialised` otherwise; reading never creates
an empty SQLite file.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from krapte.errors import NotInitialised
from krapte.settings import Settings

if TYPE_CHECKING:  # SQLAlchemy loads when the store is first used, not when a command starts
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker

    from krapte.db.uow import UnitOfWork

NOT_BUILT = "de databank is nog niet ingericht"
OUTDATED = "de databank heeft een oudere structuur dan deze versie van krapte"


class Store:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._checked = False

    @cached_property
    def engine(self) -> Engine:
        from krapte.db.engine import make_engine

        return make_engine(self.settings)

    @cached_property
    def _readers(self) -> sessionmaker[Session]:
        from sqlalchemy.orm import sessionmaker

        return sessionmaker(bind=self.engine, expire_on_commit=False)

    @cached_property
    def _writers(self) -> sessionmaker[Session]:
        from sqlalchemy.orm import sessionmaker

        from krapte.db.engine import writer

        return sessionmaker(bind=writer(self.engine), expire_on_commit=False)

    @property
    def sqlite_file(self) -> Path | None:
        """The SQLite database file, or None for PostgreSQL and in-memory SQLite."""
        from sqlalchemy.engine import make_url

        url = make_url(self.settings.database_url)
        if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
            return None
        return Path(url.database)

    @property
    def description(self) -> str:
        """Where the store is, for people (passwords hidden)."""
        return self.engine.url.render_as_string(hide_password=True)

    def check(self) -> None:
        """Raise :class:`NotInitialised` unless the store exists at the newest revision."""
        if self._checked:
            return
        from krapte.db.migrate import current_revision, head_revision

        file = self.sqlite_file
        if file is not None and not file.is_file():
            raise NotInitialised(NOT_BUILT)
        current = current_revision(self.engine)
        if current is None:
            raise NotInitialised(NOT_BUILT)
        if current != head_revision(self.engine):
            raise NotInitialised(OUTDATED, outdated=True)
        self._checked = True

    def unit_of_work(self, *, write: bool = False) -> UnitOfWork:
        """A unit of work on the checked store; ``write`` for transactions that change it."""
        from krapte.db.uow import UnitOfWork

        self.check()
        return UnitOfWork(self._writers if write else self._readers)

    def initialise(self) -> None:
        """Create the store, or bring its structure up to date (Alembic); idempotent."""
        from krapte.db.migrate import upgrade

        file = self.sqlite_file
        if file is not None:
            file.parent.mkdir(parents=True, exist_ok=True)
        upgrade(self.engine)
        self._checked = False
        self.check()

    def dispose(self) -> None:
        if "engine" in self.__dict__:
            self.engine.dispose()
