"""Reading and writing the workforce monitor; takes a session, returns core dataclasses.

Every indicator is an aggregate computed by the database: records are joined with a small
derived table of calendar years (first and last day) and counted with ``SUM(CASE ...)``; Python
only sees a few rows per year. Staff records are written by the driver's fast path (COPY on
PostgreSQL, one ``executemany`` elsewhere), like the data hub's bulk imports.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    case,
    delete,
    func,
    literal,
    select,
    text,
    union_all,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql.selectable import Subquery

from krapte.workforce.core.indicators import Hires, Stock
from krapte.workforce.core.records import AGED, SOCIAL_WORKER, Organisation
from krapte.workforce.core.staff_file import day_date
from krapte.workforce.tables import WorkforceAbsence, WorkforceOrganisation, WorkforceRecord

O = WorkforceOrganisation  # noqa: E741 (short aliases keep the queries readable)
R = WorkforceRecord
A = WorkforceAbsence

RECORD_COLUMNS: tuple[str, ...] = (
    "organisation_id",
    "pseudonym",
    "function",
    "programme",
    "level",
    "fte",
    "birth_first",
    "birth_last",
    "start_day",
    "end_day",
    "start_year",
    "end_year",
    "exit_reason",
)
ABSENCE_COLUMNS: tuple[str, ...] = ("organisation_id", "pseudonym", "first_day", "last_day")

# --- organisations --------------------------------------------------------------------------


def _organisation(row: WorkforceOrganisation, records: int) -> Organisation:
    as_of = "" if row.records_as_of_day is None else day_date(row.records_as_of_day).isoformat()
    return Organisation(
        name=row.name,
        subsector=row.subsector,
        size_class=row.size_class,
        province=row.province,
        municipality=row.municipality,
        records=records,
        records_as_of=as_of,
    )


def _record_counts() -> Subquery:
    return (
        select(R.organisation_id, func.count().label("records"))
        .group_by(R.organisation_id)
        .subquery()
    )


def organisation_id(session: Session, name: str) -> int | None:
    return session.scalar(select(O.id).where(O.name == name))


def get_organisation(session: Session, name: str) -> Organisation | None:
    row = session.scalars(select(O).where(O.name == name)).one_or_none()
    if row is None:
        return None
    count = session.scalar(select(func.count()).select_from(R).where(R.organisation_id == row.id))
    return _organisation(row, int(count or 0))


def list_organisations(session: Session, names: Sequence[str] | None = None) -> list[Organisation]:
    """Every organisation (or those named), by name, with how many records each holds."""
    counts = _record_counts()
    query = (
        select(O, func.coalesce(counts.c.records, 0))
        .outerjoin(counts, counts.c.organisation_id == O.id)
        .order_by(O.name)
    )
    if names is not None:
        query = query.where(O.name.in_(list(names)))
    return [_organisation(row, int(count)) for row, count in session.execute(query)]


def add_organisation(session: Session, organisation: Organisation) -> None:
    session.add(
        O(
            name=organisation.name,
            subsector=organisation.subsector,
            size_class=organisation.size_class,
            province=organisation.province,
            municipality=organisation.municipality,
        )
    )
    session.flush()


# --- staff records --------------------------------------------------------------------------


Columns = Mapping[str, Sequence[object]]
"""Rows as columns: name (of :data:`RECORD_COLUMNS` / :data:`ABSENCE_COLUMNS`, without the
organisation) -> values, all of one length."""


def replace_records(
    session: Session,
    organisation: int,
    records: Columns,
    absences: Columns,
    as_of_day: int,
    at: datetime,
) -> None:
    """Replace every record and absence of ``organisation`` by ``records`` and ``absences``."""
    session.execute(delete(A).where(A.organisation_id == organisation))
    session.execute(delete(R).where(R.organisation_id == organisation))
    _insert(session, R.__tablename__, RECORD_COLUMNS, organisation, records)
    _insert(session, A.__tablename__, ABSENCE_COLUMNS, organisation, absences)
    row = session.get(O, organisation)
    assert row is not None
    row.records_as_of_day = as_of_day
    row.imported_at = at
    session.flush()
    if _length(records) > 100_000 and session.get_bind().dialect.name == "postgresql":
        session.execute(text(f"ANALYZE {R.__tablename__}"))


def _length(data: Columns) -> int:
    return len(next(iter(data.values()))) if data else 0


def _insert(
    session: Session,
    table: str,
    columns: Sequence[str],
    organisation: int,
    data: Columns,
) -> None:
    """Rows by the driver's fast path. PostgreSQL: one COPY of a CSV that pyarrow writes column
    by column (strings quoted, so an empty text stays empty and only a missing value is NULL).
    Elsewhere: one ``executemany`` in which the organisation (the first column) is written into
    the statement, so rows bind one value less."""
    if not _length(data):
        return
    connection = session.connection()
    dialect = connection.dialect
    quote = dialect.identifier_preparer.quote
    names = ", ".join(map(quote, columns))
    values = [data[name] for name in columns[1:]]
    if dialect.name == "postgresql" and dialect.driver == "psycopg":
        driver: Any = connection.connection.driver_connection
        statement = f"COPY {quote(table)} ({names}) FROM STDIN WITH (FORMAT csv)"
        with driver.cursor() as cursor, cursor.copy(statement) as copy:
            copy.write(_csv(organisation, columns, values))
        return
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    placeholders = ", ".join([str(int(organisation))] + [mark] * (len(columns) - 1))
    connection.exec_driver_sql(
        f"INSERT INTO {quote(table)} ({names}) VALUES ({placeholders})",
        list(zip(*values, strict=True)),
    )


def _csv(organisation: int, columns: Sequence[str], values: Sequence[Sequence[object]]) -> bytes:
    """The rows as CSV for COPY, written by pyarrow (no header; NULL as an unquoted empty)."""
    import io

    import pyarrow as pa
    import pyarrow.csv as pa_csv

    length = len(values[0])
    arrays = [pa.array([organisation] * length, pa.int64()), *map(pa.array, values)]
    buffer = io.BytesIO()
    pa_csv.write_csv(
        pa.Table.from_arrays(arrays, names=list(columns)),
        buffer,
        pa_csv.WriteOptions(include_header=False),
    )
    return buffer.getvalue()


def add_records(
    session: Session,
    organisation: int,
    records: Columns,
    absences: Columns,
    as_of_day: int,
) -> None:
    """Add records and absences to ``organisation``'s; the records now describe ``as_of_day``
    when it is later than their date so far."""
    _insert(session, R.__tablename__, RECORD_COLUMNS, organisation, records)
    _insert(session, A.__tablename__, ABSENCE_COLUMNS, organisation, absences)
    describe(session, organisation, as_of_day)


def find_record(
    session: Session, organisation: int, pseudonym: str, start_day: int | None
) -> tuple[int, dict[str, str]] | None:
    """One employment of ``pseudonym`` as the staff file writes it (its fields as texts, with
    the absence periods within it), and its id: the one that started on ``start_day``, or else
    the open one (the latest started when there are several)."""
    query = select(R).where(R.organisation_id == organisation, R.pseudonym == pseudonym)
    if start_day is None:
        query = query.where(R.end_day.is_(None))
    else:
        query = query.where(R.start_day == start_day)
    row = session.scalars(query.order_by(R.start_day.desc()).limit(1)).one_or_none()
    if row is None:
        return None
    within = A.first_day >= row.start_day
    if row.end_day is not None:
        within = within & (A.last_day <= row.end_day)
    periods = session.execute(
        select(A.first_day, A.last_day)
        .where(A.organisation_id == organisation, A.pseudonym == pseudonym, within)
        .order_by(A.first_day)
    ).all()
    fields = {
        "pseudonym": row.pseudonym,
        "function": row.function,
        "programme": row.programme,
        "level": row.level,
        "fte": repr(row.fte),
        "birth_year_band": f"{row.birth_first}-{row.birth_last}",
        "start_date": day_date(row.start_day).isoformat(),
        "end_date": "" if row.end_day is None else day_date(row.end_day).isoformat(),
        "exit_reason": row.exit_reason or "",
        "absences": ";".join(
            f"{day_date(first).isoformat()}/{day_date(last).isoformat()}" for first, last in periods
        ),
    }
    return row.id, fields


def record_exists(session: Session, organisation: int, pseudonym: str, start_day: int) -> bool:
    query = select(R.id).where(
        R.organisation_id == organisation, R.pseudonym == pseudonym, R.start_day == start_day
    )
    return session.scalar(query.limit(1)) is not None


def describe(session: Session, organisation: int, as_of_day: int) -> None:
    """``organisation``'s records describe ``as_of_day`` if that is later than their date."""
    row = session.get(O, organisation)
    assert row is not None
    row.records_as_of_day = max(row.records_as_of_day or as_of_day, as_of_day)
    session.flush()


def end_record(
    session: Session, record: int, end_day: int, end_year: int, exit_reason: str
) -> None:
    """Close employment ``record`` on ``end_day`` (the last working day) for ``exit_reason``."""
    row = session.get(R, record)
    assert row is not None
    row.end_day, row.end_year, row.exit_reason = end_day, end_year, exit_reason
    session.flush()


def record_span(session: Session, organisation: int | None) -> tuple[int | None, int | None]:
    """The first start day and the latest records date (of one organisation, or of all)."""
    query = select(func.min(R.start_day), func.max(O.records_as_of_day)).join(
        O, O.id == R.organisation_id
    )
    if organisation is not None:
        query = query.where(R.organisation_id == organisation)
    first, last = session.execute(query).one()
    return first, last


# --- aggregates -----------------------------------------------------------------------------


def years_table(years: Sequence[tuple[int, int, int]]) -> Subquery:
    """A derived table ``(year, year_first, year_last)`` of calendar years as day numbers."""
    selects = [
        select(
            literal(year, Integer).label("year"),
            literal(first, Integer).label("year_first"),
            literal(last, Integer).label("year_last"),
        )
        for year, first, last in years
    ]
    return union_all(*selects).subquery("years")


def _count(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.sum(case((condition, 1), else_=0))


def _stock_columns(y: Subquery) -> list[Any]:
    first, last = y.c.year_first, y.c.year_last
    at_end = (R.start_day <= last) & (R.end_day.is_(None) | (R.end_day > last))
    at_start = (R.start_day < first) & (R.end_day.is_(None) | (R.end_day >= first))
    return [
        _count(at_start).label("head_start"),
        _count(at_end).label("head_end"),
        func.sum(case((at_end, R.fte), else_=0.0)).label("fte_end"),
        _count(R.start_day >= first).label("inflow"),
        _count(R.end_day <= last).label("outflow"),
        _count(at_end & (y.c.year - R.birth_last >= AGED)).label("aged_55"),
        func.count().label("employed"),
    ]


def _during(y: Subquery) -> ColumnElement[bool]:
    return (R.start_day <= y.c.year_last) & (R.end_day.is_(None) | (R.end_day >= y.c.year_first))


def stock(session: Session, organisation: int, y: Subquery) -> list[Stock]:
    query = (
        select(y.c.year, R.function, R.level, *_stock_columns(y))
        .select_from(R)
        .join(y, _during(y))
        .where(R.organisation_id == organisation)
        .group_by(y.c.year, R.function, R.level)
    )
    return [
        Stock(
            year=int(r.year),
            function=r.function,
            level=r.level,
            head_start=int(r.head_start),
            head_end=int(r.head_end),
            fte_end=float(r.fte_end or 0.0),
            inflow=int(r.inflow),
            outflow=int(r.outflow),
            aged_55=int(r.aged_55),
            employed=int(r.employed),
        )
        for r in session.execute(query)
    ]


def hires(session: Session, organisation: int, y: Subquery) -> list[Hires]:
    as_of = O.records_as_of_day
    columns = []
    for days in (365, 730):
        eligible = R.start_day + days <= as_of
        kept = eligible & (R.end_day.is_(None) | (R.end_day >= R.start_day + days))
        columns += [_count(eligible), _count(kept)]
    query = (
        select(y.c.year, func.count(), *columns)
        .select_from(R)
        .join(O, O.id == R.organisation_id)
        .join(y, R.start_day.between(y.c.year_first, y.c.year_last))
        .where(R.organisation_id == organisation)
        .group_by(y.c.year)
    )
    return [Hires(*(int(v or 0) for v in row)) for row in session.execute(query)]


def exits(session: Session, organisation: int, y: Subquery) -> list[tuple[int, str, int]]:
    query = (
        select(y.c.year, R.exit_reason, func.count())
        .select_from(R)
        .join(y, R.end_day.between(y.c.year_first, y.c.year_last))
        .where(R.organisation_id == organisation)
        .group_by(y.c.year, R.exit_reason)
    )
    return [(int(year), str(reason), int(count)) for year, reason, count in session.execute(query)]


def absent(session: Session, organisation: int, y: Subquery) -> dict[int, int]:
    """Per year: persons with a long-term absence period in it."""
    query = (
        select(y.c.year, func.count(func.distinct(A.pseudonym)))
        .select_from(A)
        .join(y, (A.first_day <= y.c.year_last) & (A.last_day >= y.c.year_first))
        .where(A.organisation_id == organisation)
        .group_by(y.c.year)
    )
    return {int(year): int(count) for year, count in session.execute(query)}


def sector_flows(
    session: Session,
) -> tuple[list[tuple[str, str, str, str]], list[tuple[str, int, int]], list[tuple[str, int, int]]]:
    """The social workers' flows of every organisation: its attributes, and per year of start
    (of end) how many employments started (ended). Two grouped scans, no join with years."""
    organisations = [
        (name, subsector, province, size_class)
        for name, subsector, province, size_class in session.execute(
            select(O.name, O.subsector, O.province, O.size_class).order_by(O.name)
        )
    ]
    social = R.function == SOCIAL_WORKER
    starts = session.execute(
        select(O.name, R.start_year, func.count())
        .join(O, O.id == R.organisation_id)
        .where(social)
        .group_by(O.name, R.start_year)
    )
    ends = session.execute(
        select(O.name, R.end_year, func.count())
        .join(O, O.id == R.organisation_id)
        .where(social, R.end_year.is_not(None))
        .group_by(O.name, R.end_year)
    )
    return (
        organisations,
        [(str(n), int(y), int(c)) for n, y, c in starts],
        [(str(n), int(y or 0), int(c)) for n, y, c in ends],
    )


def all_stock(session: Session, y: Subquery) -> int:
    """Every organisation's stock at once (for the benchmark): how many groups it found."""
    query = (
        select(R.organisation_id, y.c.year, R.function, R.level, *_stock_columns(y))
        .select_from(R)
        .join(y, _during(y))
        .group_by(R.organisation_id, y.c.year, R.function, R.level)
    )
    return sum(1 for _ in session.execute(query))
