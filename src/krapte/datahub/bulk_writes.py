"""Bulk writing of figures for imports of large exports: fast inserts, the diff and the
carry-over of other measures, all in SQL on the session's transaction (adapter, like
:mod:`krapte.datahub.repository`, which begins and finishes the versions these fill).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import and_, case, func, insert, literal, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, aliased

from krapte.datahub import tables as t
from krapte.datahub.core.figures import VARYING_COLUMNS, Figures
from krapte.datahub.core.records import IDENTITY
from krapte.datahub.repository import COLUMNS

#: Columns of ``observation`` that :func:`insert_rows` fills, in the order of its tuples.
ROW_COLUMNS: tuple[str, ...] = ("release_id", *COLUMNS.values())


def insert_rows(session: Session, rows: Sequence[tuple[object, ...]]) -> None:
    """Insert ``rows`` (tuples in the order of :data:`ROW_COLUMNS`) by the driver's fast path.

    PostgreSQL with psycopg: ``COPY ... FROM STDIN``. Otherwise one ``executemany`` of the
    statement as the driver takes it (``exec_driver_sql``): no per-row parameter dictionaries.
    Errors arrive as SQLAlchemy's ``DBAPIError`` either way.
    """
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    quote = dialect.identifier_preparer.quote
    table = dialect.identifier_preparer.format_table(t.Observation.__table__)
    names = ", ".join(map(quote, ROW_COLUMNS))
    if dialect.name == "postgresql" and dialect.driver == "psycopg":
        _copy_rows(connection, f"COPY {table} ({names}) FROM STDIN", rows)
    elif dialect.paramstyle in ("qmark", "format", "pyformat"):
        mark = "?" if dialect.paramstyle == "qmark" else "%s"
        values = ", ".join([mark] * len(ROW_COLUMNS))
        connection.exec_driver_sql(f"INSERT INTO {table} ({names}) VALUES ({values})", list(rows))
    else:
        session.execute(
            insert(t.Observation), [dict(zip(ROW_COLUMNS, r, strict=True)) for r in rows]
        )


def insert_figures(
    session: Session, release_id: int, figures: Figures, start: int, stop: int
) -> None:
    """Insert figures ``start:stop`` of an import into release ``release_id``.

    On SQLite the fields every figure shares are written into the statement as literals, so
    each row binds only the seven that vary; elsewhere as :func:`insert_rows`.
    """
    connection = session.connection()
    dialect = connection.dialect
    if dialect.name != "sqlite":
        insert_rows(session, list(figures.rows(start, stop, first=(release_id,))))
        return
    fixed: dict[str, object] = {"release_id": release_id}
    fixed.update((COLUMNS[name], value) for name, value in figures.fixed.items())
    assert [c for c in ROW_COLUMNS if c not in fixed] == [COLUMNS[n] for n in VARYING_COLUMNS]
    columns = t.Observation.__table__.c
    values = ", ".join(
        str(
            literal(fixed[column], columns[column].type).compile(
                dialect=dialect, compile_kwargs={"literal_binds": True}
            )
        )
        if column in fixed
        else "?"
        for column in ROW_COLUMNS
    )
    quote = dialect.identifier_preparer.quote
    table = dialect.identifier_preparer.format_table(t.Observation.__table__)
    names = ", ".join(map(quote, ROW_COLUMNS))
    connection.exec_driver_sql(
        f"INSERT INTO {table} ({names}) VALUES ({values})", list(figures.varying(start, stop))
    )


def _copy_rows(connection: Connection, statement: str, rows: Sequence[tuple[object, ...]]) -> None:
    """Rows through psycopg's COPY on the session's own connection (so in its transaction)."""
    driver: Any = connection.connection.driver_connection
    try:
        with driver.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
    except driver.Error as exc:
        raise DBAPIError(statement, None, exc) from exc


def refresh_statistics(session: Session) -> None:
    """Let PostgreSQL's planner know the figures just written (a no-op on SQLite).

    Without it, the planner takes a table that grew by 500,000 figures in this transaction for
    the small one it last sampled, and joins it with a scan per figure (minutes instead of a
    second). ``ANALYZE`` samples a fixed number of rows and may run inside the transaction.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text(f"ANALYZE {t.Observation.__tablename__}"))


def copy_other_measures(session: Session, source: int, target: int, measures: Sequence[str]) -> int:
    """Copy release ``source``'s figures of measures not in ``measures`` to ``target`` (in SQL).

    Returns how many were copied.
    """
    other = (t.Observation.release_id == source) & t.Observation.measure.not_in(measures)
    count = session.scalar(select(func.count()).select_from(t.Observation).where(other)) or 0
    if count:
        kept = [getattr(t.Observation, column) for column in COLUMNS.values()]
        query = select(literal(target), *kept).where(other).order_by(t.Observation.id)
        session.execute(insert(t.Observation).from_select(list(ROW_COLUMNS), query))
    return count


def compare_releases(
    session: Session, old: int, new: int, measures: Sequence[str]
) -> tuple[int, int, int]:
    """(added, changed, removed) figures of ``measures`` from release ``old`` to ``new``.

    Figures are matched by what they are about (:data:`IDENTITY`), whatever table printed them:
    a new figure without a match is added, one whose matches all hold another value is changed;
    an old figure that no new figure matches is removed. The new figures must be unique by
    identity (an import's are). One pass over the new figures, each looked up in the old
    release through the unique index.
    """
    n, o = aliased(t.Observation), aliased(t.Observation)
    new_figures = n.release_id == new
    if session.get_bind().dialect.name == "sqlite":
        # The new figures in id order (a range of the primary key; ``+ 0`` keeps SQLite off the
        # release index): the group-by needs no sort, and the old figures, written in the same
        # file order, are looked up nearly in sequence. Twice as fast at 500,000 figures.
        first, last = session.execute(
            select(func.min(t.Observation.id), func.max(t.Observation.id)).where(
                t.Observation.release_id == new
            )
        ).one()
        new_figures = n.id.between(first or 0, last or 0) & ((n.release_id + 0) == new)
    match = and_(o.release_id == old, *(getattr(o, c) == getattr(n, c) for c in IDENTITY))
    per_figure = (
        select(
            func.count(o.id).label("matches"),
            func.max(case((o.value == n.value, 1), else_=0)).label("same"),
        )
        .select_from(n)
        .outerjoin(o, match)
        .where(new_figures, n.measure.in_(measures))
        .group_by(n.id)
        .subquery()
    )
    added, changed, matched = session.execute(
        select(
            func.coalesce(func.sum(case((per_figure.c.matches == 0, 1), else_=0)), 0),
            func.coalesce(
                func.sum(case(((per_figure.c.matches > 0) & (per_figure.c.same == 0), 1), else_=0)),
                0,
            ),
            func.coalesce(func.sum(per_figure.c.matches), 0),
        )
    ).one()
    before = session.scalar(
        select(func.count())
        .select_from(t.Observation)
        .where(t.Observation.release_id == old, t.Observation.measure.in_(measures))
    )
    return int(added), int(changed), int(before or 0) - int(matched)
