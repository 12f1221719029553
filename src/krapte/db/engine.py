"""Engine for SQLite (WAL, busy timeout, BEGIN IMMEDIATE for writers) and PostgreSQL.

Creating an engine touches nothing on disk: SQLite creates its file on the first connection, and
only ``krapte init`` (:func:`krapte.db.store.Store.initialise`) makes that happen; every other
command first checks that the store exists (:meth:`krapte.db.store.Store.check`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url

from krapte.settings import Settings

#: Execution option of the engine that writers use: on SQLite their transactions start with
#: BEGIN IMMEDIATE, so two writers queue instead of failing on a stale snapshot.
WRITE_OPTION = "krapte_write"


def _sqlite_pragmas(busy_timeout_s: float) -> Callable[[Any, Any], None]:
    def connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy emit BEGIN itself (pysqlite's own transaction handling would defer it).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_s * 1000)}")
        cursor.close()

    return connect


def _sqlite_begin(connection: Connection) -> None:
    immediate = connection.get_execution_options().get(WRITE_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(settings: Settings) -> Engine:
    url = make_url(settings.database_url)
    # Statement parameters (e-mail addresses, names) stay out of error messages and so out of
    # the logs, unless SQL is logged on purpose (KRAPTE_SQL_ECHO).
    kwargs: dict[str, Any] = {"echo": settings.sql_echo, "hide_parameters": not settings.sql_echo}
    if url.get_backend_name() == "sqlite":
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": settings.busy_timeout_s}
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas(settings.busy_timeout_s))
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)


def writer(engine: Engine) -> Engine:
    """The same engine (and pool) for transactions that write."""
    return engine.execution_options(**{WRITE_OPTION: True})
