"""The explorer's SQL: filter, sort, page and pivot one version of a dataset (sums: query_sums).

Every function runs a bounded number of queries and returns at most one page of rows (or, for
downloads, streams rows from the cursor): nothing loads a whole dataset into Python. A figure's
province is its geography when that is a province, otherwise the province of its institution
(a join on the reference list of institutions).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    FromClause,
    Select,
    String,
    case,
    func,
    select,
    tuple_,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from krapte.datahub import tables as t
from krapte.datahub.core.explorer import (
    WIDE_KEYS,
    Cell,
    Figure,
    WideRow,
    WideTable,
)
from krapte.datahub.core.records import PROVINCES, TIDY_COLUMNS, Observation
from krapte.datahub.core.selection import GROUPS, Selection

OBSERVATION = t.Observation.__table__
INSTITUTION = t.Institution.__table__

#: The province a figure counts for (see the module's docstring).
PROVINCE: ColumnElement[str] = case(
    (OBSERVATION.c.geography.in_(PROVINCES), OBSERVATION.c.geography),
    else_=func.coalesce(INSTITUTION.c.province, ""),
)
#: Dimensions whose empty value marks a printed total (a row about no single one of them).
TOTAL_MARKED = ("institution", "programme", "category")

#: Tidy field → column of the store (the printed table is ``source_table``).
_TIDY = {name: "source_table" if name == "table" else name for name in TIDY_COLUMNS}


def source(with_province: bool) -> FromClause:
    """The observations, joined with their institution when the province is needed."""
    if with_province:
        return OBSERVATION.outerjoin(INSTITUTION, INSTITUTION.c.name == OBSERVATION.c.institution)
    return OBSERVATION


def _column(name: str) -> ColumnElement[Any]:
    return PROVINCE if name == "province" else OBSERVATION.c[name]


class _NotIndexed(FunctionElement[str]):
    """A column SQLite must not look up in an index for this term (``+column``); the column
    itself elsewhere. See :func:`conditions`."""

    type = String()
    name = "not_indexed"
    inherit_cache = True


@compiles(_NotIndexed)
def _plain(element: _NotIndexed, compiler: SQLCompiler, **kw: Any) -> str:
    return str(compiler.process(element.clauses, **kw))


@compiles(_NotIndexed, "sqlite")
def _unary_plus(element: _NotIndexed, compiler: SQLCompiler, **kw: Any) -> str:
    return "+" + str(compiler.process(element.clauses, **kw))


def where_clauses(release_id: int, selection: Selection) -> list[ColumnElement[bool]]:
    """The selection's WHERE terms.

    When the filters fix the first two row dimensions (measure and level), the unique key's
    index narrows the figures most; SQLite's planner would rather take ``ix_observation_lookup``
    (measure and a range of periods) and look every figure of those years up in the table,
    ten times slower at 500,000 figures, so there the period range is kept off the indexes.
    """
    conditions: list[ColumnElement[bool]] = [OBSERVATION.c.release_id == release_id]
    for name, value in selection.filters.items():
        conditions.append(_column(name) == value)
    period: ColumnElement[str] = OBSERVATION.c.period
    if all(name in selection.filters for name in ROW_ORDER[:2]):
        period = _NotIndexed(OBSERVATION.c.period)
    if selection.period_from is not None:
        conditions.append(period >= selection.period_from)
    if selection.period_to is not None:
        conditions.append(period <= selection.period_to)
    return conditions


def needs_province(selection: Selection) -> bool:
    return "province" in selection.filters


#: The order rows come in unless the reader sorts: the columns of the unique key
#: ``uq_observation_key`` (``tables.KEY_ORDER``) before the period, so the database reads a page
#: straight from that index and stops.
ROW_ORDER: tuple[str, ...] = t.KEY_ORDER[:-1]
assert t.KEY_ORDER[-1] == "period"


def _ordered(
    primary: ColumnElement[Any] | None, selection: Selection, names: Sequence[str]
) -> list[ColumnElement[Any]]:
    order: list[ColumnElement[Any]] = []
    if primary is not None:
        order.append(case((primary.is_(None), 1), else_=0))
        order.append(primary.desc() if selection.direction == "desc" else primary.asc())
    order.extend(_column(name) for name in names)
    return order


def count_figures(session: Session, release_id: int, selection: Selection) -> int:
    """How many figures the selection holds."""
    query = (
        select(func.count())
        .select_from(source(needs_province(selection)))
        .where(*where_clauses(release_id, selection))
    )
    return session.scalar(query) or 0


def _long_order(selection: Selection) -> list[ColumnElement[Any]]:
    sort = selection.sort if selection.sort in (*GROUPS, "geography", "value") else None
    if sort is None and selection.sort is not None:
        sort = "period"  # a period column of the wide view: the long view sorts by period
    primary = _column(sort) if sort is not None else None
    return [*_ordered(primary, selection, (*ROW_ORDER, "period")), OBSERVATION.c.id]


def _long_query(release_id: int, selection: Selection, dataset: str) -> Select[Any]:
    columns = [OBSERVATION.c[_TIDY[name]] for name in TIDY_COLUMNS if name != "dataset"]
    return (
        select(*columns, PROVINCE.label("province"))
        .select_from(source(True))
        .where(*where_clauses(release_id, selection))
        .order_by(*_long_order(selection))
    )


def _figure(row: Sequence[Any], dataset: str) -> Figure:
    names = [name for name in TIDY_COLUMNS if name != "dataset"]
    values = dict(zip(names, row, strict=False))
    return Figure(Observation(dataset=dataset, **values), province=row[-1])


def long_page(
    session: Session, release_id: int, dataset: str, selection: Selection
) -> list[Figure]:
    """One page of figures in the tidy long form.

    Two steps: the page's figures (ids), from the unique key's index alone unless the order or a
    filter needs the province or the value; then those figures' fields.
    """
    join = needs_province(selection) or selection.sort == "province"
    ids = list(
        session.scalars(
            select(OBSERVATION.c.id)
            .select_from(source(join))
            .where(*where_clauses(release_id, selection))
            .order_by(*_long_order(selection))
            .limit(selection.page_size)
            .offset(selection.offset)
        )
    )
    if not ids:
        return []
    columns = [OBSERVATION.c[_TIDY[name]] for name in TIDY_COLUMNS if name != "dataset"]
    query = (
        select(OBSERVATION.c.id, *columns, PROVINCE.label("province"))
        .select_from(source(True))
        .where(OBSERVATION.c.id.in_(ids))
    )
    found = {row[0]: _figure(row[1:], dataset) for row in session.execute(query)}
    return [found[figure_id] for figure_id in ids]


def stream_figures(
    session: Session, release_id: int, dataset: str, selection: Selection
) -> Iterator[Figure]:
    """Every figure of the selection, in the page's order, read from the cursor in chunks."""
    query = _long_query(release_id, selection, dataset).execution_options(yield_per=2000)
    for row in session.execute(query):
        yield _figure(row, dataset)


def periods(session: Session, release_id: int, selection: Selection) -> list[str]:
    """The distinct periods of the selection, in order."""
    query = (
        select(OBSERVATION.c.period)
        .select_from(source(needs_province(selection)))
        .where(*where_clauses(release_id, selection))
        .group_by(OBSERVATION.c.period)
        .order_by(OBSERVATION.c.period)
    )
    return list(session.scalars(query))


def wide_page(
    session: Session,
    release_id: int,
    selection: Selection,
    shown: Sequence[str],
    total_rows: int,
) -> WideTable:
    """A page of the wide table: a row per figure's dimensions, a column per period of ``shown``.

    Two steps: the page's rows (from the index in the default order), then their cells.
    """
    keys = [OBSERVATION.c[name] for name in ROW_ORDER]
    conditions = where_clauses(release_id, selection)
    latest = shown[-1] if shown else None
    period = selection.sort if selection.sort in shown else None
    if period is None and selection.sort == "value":
        period = latest
    primary: ColumnElement[Any] | None = None
    if period is not None:
        primary = func.max(case((OBSERVATION.c.period == period, OBSERVATION.c.value)))
    elif selection.sort == "province":
        primary = func.max(PROVINCE)
    elif selection.sort in WIDE_KEYS:
        primary = func.max(OBSERVATION.c[selection.sort])
    join = needs_province(selection) or selection.sort == "province"
    page_keys = [
        tuple(row)
        for row in session.execute(
            select(*keys)
            .select_from(source(join))
            .where(*conditions)
            .group_by(*keys)
            .order_by(*_ordered(primary, selection, ROW_ORDER))
            .limit(selection.page_size)
            .offset(selection.offset)
        )
    ]
    cells: dict[tuple[Any, ...], dict[str, Cell]] = {key: {} for key in page_keys}
    units: dict[tuple[Any, ...], str] = {}
    if page_keys and shown:
        query = (
            select(
                *keys,
                OBSERVATION.c.period,
                func.min(OBSERVATION.c.value),
                func.max(OBSERVATION.c.value),
                func.min(OBSERVATION.c.unit),
            )
            .select_from(source(needs_province(selection)))
            .where(
                *conditions,
                # the range lets the database read only the page's stretch of the index
                tuple_(*keys) >= tuple_(*min(page_keys)),
                tuple_(*keys) <= tuple_(*max(page_keys)),
                tuple_(*keys).in_(page_keys),
                OBSERVATION.c.period.in_(shown),
            )
            .group_by(*keys, OBSERVATION.c.period)
        )
        for row in session.execute(query):
            key = tuple(row[: len(keys)])
            cells[key][row[len(keys)]] = Cell(row[-3], row[-2])
            units[key] = row[-1]
    rows = tuple(
        WideRow(
            keys=dict(zip(ROW_ORDER, key, strict=True)) | {"unit": units.get(key, "")},
            cells=tuple(cells[key].get(p) for p in shown),
        )
        for key in page_keys
    )
    return WideTable(periods=tuple(shown), rows=rows, total_rows=total_rows)
