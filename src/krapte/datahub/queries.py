"""The explorer's SQL: filter, sort, page, pivot and add up one version of a dataset.

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
    distinct,
    func,
    literal,
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
    Aggregation,
    Cell,
    Choices,
    Figure,
    GroupRow,
    WideRow,
    WideTable,
)
from krapte.datahub.core.records import FLANDERS, IDENTITY, PROVINCES, TIDY_COLUMNS, Observation
from krapte.datahub.core.selection import GROUPS, Selection
from krapte.errors import InvalidInput

_obs = t.Observation.__table__
_inst = t.Institution.__table__

#: The province a figure counts for (see the module's docstring).
PROVINCE: ColumnElement[str] = case(
    (_obs.c.geography.in_(PROVINCES), _obs.c.geography),
    else_=func.coalesce(_inst.c.province, ""),
)
#: Dimensions whose empty value marks a printed total (a row about no single one of them).
_TOTAL_MARKED = ("institution", "programme", "category")

#: Tidy field → column of the store (the printed table is ``source_table``).
_TIDY = {name: "source_table" if name == "table" else name for name in TIDY_COLUMNS}


def source(with_province: bool) -> FromClause:
    """The observations, joined with their institution when the province is needed."""
    if with_province:
        return _obs.outerjoin(_inst, _inst.c.name == _obs.c.institution)
    return _obs


def _column(name: str) -> ColumnElement[Any]:
    return PROVINCE if name == "province" else _obs.c[name]


class _NotIndexed(FunctionElement[str]):
    """A column SQLite must not look up in an index for this term (``+column``); the column
    itself elsewhere. See :func:`_conditions`."""

    type = String()
    name = "not_indexed"
    inherit_cache = True


@compiles(_NotIndexed)
def _plain(element: _NotIndexed, compiler: SQLCompiler, **kw: Any) -> str:
    return str(compiler.process(element.clauses, **kw))


@compiles(_NotIndexed, "sqlite")
def _unary_plus(element: _NotIndexed, compiler: SQLCompiler, **kw: Any) -> str:
    return "+" + str(compiler.process(element.clauses, **kw))


def _conditions(release_id: int, selection: Selection) -> list[ColumnElement[bool]]:
    """The selection's WHERE terms.

    When the filters fix the first two row dimensions (measure and level), the unique key's
    index narrows the figures most; SQLite's planner would rather take ``ix_observation_lookup``
    (measure and a range of periods) and look every figure of those years up in the table,
    ten times slower at 500,000 figures, so there the period range is kept off the indexes.
    """
    conditions: list[ColumnElement[bool]] = [_obs.c.release_id == release_id]
    for name, value in selection.filters.items():
        conditions.append(_column(name) == value)
    period: ColumnElement[str] = _obs.c.period
    if all(name in selection.filters for name in ROW_ORDER[:2]):
        period = _NotIndexed(_obs.c.period)
    if selection.period_from is not None:
        conditions.append(period >= selection.period_from)
    if selection.period_to is not None:
        conditions.append(period <= selection.period_to)
    return conditions


def _needs_province(selection: Selection) -> bool:
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
        .select_from(source(_needs_province(selection)))
        .where(*_conditions(release_id, selection))
    )
    return session.scalar(query) or 0


def _long_order(selection: Selection) -> list[ColumnElement[Any]]:
    sort = selection.sort if selection.sort in (*GROUPS, "geography", "value") else None
    if sort is None and selection.sort is not None:
        sort = "period"  # a period column of the wide view: the long view sorts by period
    primary = _column(sort) if sort is not None else None
    return [*_ordered(primary, selection, (*ROW_ORDER, "period")), _obs.c.id]


def _long_query(release_id: int, selection: Selection, dataset: str) -> Select[Any]:
    columns = [_obs.c[_TIDY[name]] for name in TIDY_COLUMNS if name != "dataset"]
    return (
        select(*columns, PROVINCE.label("province"))
        .select_from(source(True))
        .where(*_conditions(release_id, selection))
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
    join = _needs_province(selection) or selection.sort == "province"
    ids = list(
        session.scalars(
            select(_obs.c.id)
            .select_from(source(join))
            .where(*_conditions(release_id, selection))
            .order_by(*_long_order(selection))
            .limit(selection.page_size)
            .offset(selection.offset)
        )
    )
    if not ids:
        return []
    columns = [_obs.c[_TIDY[name]] for name in TIDY_COLUMNS if name != "dataset"]
    query = (
        select(_obs.c.id, *columns, PROVINCE.label("province"))
        .select_from(source(True))
        .where(_obs.c.id.in_(ids))
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
        select(_obs.c.period)
        .select_from(source(_needs_province(selection)))
        .where(*_conditions(release_id, selection))
        .group_by(_obs.c.period)
        .order_by(_obs.c.period)
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
    keys = [_obs.c[name] for name in ROW_ORDER]
    conditions = _conditions(release_id, selection)
    latest = shown[-1] if shown else None
    period = selection.sort if selection.sort in shown else None
    if period is None and selection.sort == "value":
        period = latest
    primary: ColumnElement[Any] | None = None
    if period is not None:
        primary = func.max(case((_obs.c.period == period, _obs.c.value)))
    elif selection.sort == "province":
        primary = func.max(PROVINCE)
    elif selection.sort in WIDE_KEYS:
        primary = func.max(_obs.c[selection.sort])
    join = _needs_province(selection) or selection.sort == "province"
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
                _obs.c.period,
                func.min(_obs.c.value),
                func.max(_obs.c.value),
                func.min(_obs.c.unit),
            )
            .select_from(source(_needs_province(selection)))
            .where(
                *conditions,
                # the range lets the database read only the page's stretch of the index
                tuple_(*keys) >= tuple_(*min(page_keys)),
                tuple_(*keys) <= tuple_(*max(page_keys)),
                tuple_(*keys).in_(page_keys),
                _obs.c.period.in_(shown),
            )
            .group_by(*keys, _obs.c.period)
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


def profile_rows(
    session: Session, release_id: int, selection: Selection, choices: Choices | None = None
) -> tuple[dict[str, int], int]:
    """:func:`profile` of the selection and the number of rows of its wide table, in one pass:
    counted per row (grouped in the unique key's order, so read straight from its index), then
    over the rows. ``tables`` here is 1 for one printed table and 2 for several."""
    keys = [_obs.c[name] for name in ROW_ORDER]
    # each a number of figures; labelled apart from the key columns of the same name
    flags = {name: case((_obs.c[name] == "", 1), else_=0) for name in _TOTAL_MARKED}
    flags["flanders"] = case((_obs.c.geography == FLANDERS, 1), else_=0)
    single_unit = choices is not None and len(choices.units) == 1
    if not single_unit:
        flags["not_counts"] = case((_obs.c.unit != "count", 1), else_=0)
    per_row = (
        select(
            *keys,
            func.count().label("figures"),
            func.min(_obs.c.source_table).label("first_table"),
            func.max(_obs.c.source_table).label("last_table"),
            *(func.sum(flag).label(f"n_{name}") for name, flag in flags.items()),
        )
        .select_from(source(_needs_province(selection)))
        .where(*_conditions(release_id, selection))
        .group_by(*keys)
        .subquery()
    )
    query = select(
        func.count().label("rows"),
        func.sum(per_row.c.figures).label("figures"),
        func.count(distinct(per_row.c.measure)).label("measures"),
        func.min(per_row.c.first_table).label("first_table"),
        func.max(per_row.c.last_table).label("last_table"),
        *(func.sum(per_row.c[f"n_{name}"]).label(name) for name in flags),
    )
    row = session.execute(query).one()._mapping
    counts = {name: int(row[name] or 0) for name in ("figures", "measures", *flags)}
    figures = counts["figures"]
    counts["tables"] = 0 if not figures else 1 if row["first_table"] == row["last_table"] else 2
    if single_unit:
        counts["not_counts"] = 0 if choices is not None and choices.units == ("count",) else figures
    return counts, int(row["rows"] or 0)


def profile(
    session: Session, release_id: int, selection: Selection, choices: Choices | None = None
) -> dict[str, int]:
    """Counts that tell whether the selection's figures can be added up (one query).

    With the version's ``choices``, what they settle (a single unit or measure in the whole
    version) is not counted: the rest reads only columns of the unique key's index.
    """
    empty = {
        name: func.sum(case((_obs.c[name] == "", 1), else_=0)).label(name) for name in _TOTAL_MARKED
    }
    settled: dict[str, str] = {}
    counted: list[Any] = []
    if choices is not None and len(choices.measures) == 1:
        settled["measures"] = choices.measures[0]
    else:
        counted.append(func.count(distinct(_obs.c.measure)).label("measures"))
    if choices is not None and len(choices.units) == 1:
        settled["not_counts"] = choices.units[0]
    else:
        counted.append(func.sum(case((_obs.c.unit != "count", 1), else_=0)).label("not_counts"))
    query = (
        select(
            func.count().label("figures"),
            *counted,
            func.sum(case((_obs.c.geography == FLANDERS, 1), else_=0)).label("flanders"),
            func.count(distinct(_obs.c.source_table)).label("tables"),
            *empty.values(),
        )
        .select_from(source(_needs_province(selection)))
        .where(*_conditions(release_id, selection))
    )
    row = session.execute(query).one()
    counts = {key: int(value or 0) for key, value in row._mapping.items()}
    figures = counts["figures"]
    if "measures" in settled:
        counts["measures"] = 1 if figures else 0
    if "not_counts" in settled:
        counts["not_counts"] = 0 if settled["not_counts"] == "count" else figures
    return counts


def column_totals(
    session: Session,
    release_id: int,
    selection: Selection,
    shown: Sequence[str],
    counts: dict[str, int],
) -> tuple[float | None, ...] | None:
    """Sums per period when the selection holds counts of one measure at one level of detail
    (no printed totals beside their parts); None otherwise. ``counts``: its :func:`profile`."""
    figures = counts["figures"]
    mixed = any(0 < counts[name] < figures for name in (*_TOTAL_MARKED, "flanders"))
    if not shown or counts["measures"] != 1 or counts["not_counts"] or mixed:
        return None
    unique = _unique_figures(release_id, selection, [], with_province=False, once=counts)
    query = (
        select(unique.c.period, func.sum(unique.c.value))
        .where(unique.c.period.in_(shown))
        .group_by(unique.c.period)
    )
    sums: dict[str, float] = {row[0]: row[1] for row in session.execute(query)}
    return tuple(sums.get(period) for period in shown)


def _unique_figures(
    release_id: int,
    selection: Selection,
    extra: Sequence[ColumnElement[bool]],
    *,
    with_province: bool,
    once: dict[str, int],
) -> Any:
    """Each figure once, whatever number of printed tables hold it (the highest value, and
    whether the tables disagree). When the selection comes from one printed table (``once``,
    its :func:`profile`), every figure is there once already: no grouping is needed."""
    if once["tables"] <= 1:
        plain: list[Any] = [_obs.c.period, _obs.c.value, literal(0).label("disputed")]
        if with_province:
            plain.append(PROVINCE.label("province"))
        plain.extend(_obs.c[name] for name in IDENTITY if name != "period")
        return (
            select(*plain)
            .select_from(source(with_province or _needs_province(selection)))
            .where(*_conditions(release_id, selection), *extra)
            .subquery()
        )
    identity = [_obs.c[name] for name in IDENTITY]
    columns: list[Any] = [*identity]
    group: list[Any] = [*identity, _obs.c.unit]
    if with_province:
        columns.append(PROVINCE.label("province"))
        group.append(_inst.c.province)
    return (
        select(
            *columns,
            func.max(_obs.c.value).label("value"),
            case((func.min(_obs.c.value) != func.max(_obs.c.value), 1), else_=0).label("disputed"),
        )
        .select_from(source(with_province or _needs_province(selection)))
        .where(*_conditions(release_id, selection), *extra)
        .group_by(*group)
        .subquery()
    )


def aggregate(
    session: Session, release_id: int, selection: Selection, choices: Choices | None = None
) -> Aggregation:
    """Sums of counts by the selection's ``group`` dimensions, a page of them.

    Percentages, ratios and other units are never added up (InvalidInput), nor figures of
    different measures. A figure printed in several tables counts once; where the selection holds
    printed totals beside their parts (an empty institution beside institutions), the totals are
    left out and named in :attr:`Aggregation.left_out`.
    """
    profile_ = profile(session, release_id, selection, choices)
    if profile_["not_counts"]:
        raise InvalidInput.single(
            "alleen aantallen kun je optellen; deze selectie bevat ook percentages of andere "
            "eenheden. Kies een maatstaf met aantallen of toon de cijfers zonder te groeperen",
            field="group",
        )
    if profile_["measures"] > 1 and "measure" not in selection.group:
        raise InvalidInput.single(
            "kies één maatstaf om op te tellen (of groepeer ook op maatstaf)", field="group"
        )
    extra: list[ColumnElement[bool]] = []
    left_out: list[str] = []
    for name in _TOTAL_MARKED:
        if name not in selection.group and 0 < profile_[name] < profile_["figures"]:
            extra.append(_obs.c[name] != "")
            left_out.append(name)
    with_province = "province" in selection.group
    unique = _unique_figures(
        release_id, selection, extra, with_province=with_province, once=profile_
    )
    keys = [unique.c[name] for name in selection.group]
    if selection.sort == "value":
        primary: ColumnElement[Any] | None = func.sum(unique.c.value)
    elif selection.sort in selection.group:
        primary = unique.c[selection.sort]
    else:
        primary = None
    order: list[ColumnElement[Any]] = []
    if primary is not None:
        order.append(primary.desc() if selection.direction == "desc" else primary.asc())
    order.extend(keys)
    # the number of groups and of disputed figures come with the page (window functions over
    # every group), so the selection is read once
    query = (
        select(
            *keys,
            func.sum(unique.c.value),
            func.count(),
            func.count().over(),
            func.sum(func.sum(unique.c.disputed)).over(),
        )
        .group_by(*keys)
        .order_by(*order)
        .limit(selection.page_size)
        .offset(selection.offset)
    )
    found = session.execute(query).all()
    rows = tuple(
        GroupRow(
            keys=dict(zip(selection.group, row[: len(keys)], strict=True)),
            total=row[len(keys)],
            figures=row[len(keys) + 1],
        )
        for row in found
    )
    if found:
        total_groups, disputed = found[0][-2], found[0][-1] or 0
    else:  # a page past the last one: counted apart
        groups = select(*keys).group_by(*keys).subquery()
        total_groups = session.scalar(select(func.count()).select_from(groups)) or 0
        disputed = session.scalar(select(func.sum(unique.c.disputed))) or 0
    return Aggregation(
        rows=rows, total_groups=total_groups, left_out=tuple(left_out), disputed=int(disputed)
    )
