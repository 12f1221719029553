"""The explorer's sums: profiles of a selection, column totals and sums per dimension, in SQL.

Counts are added up, never percentages; a figure is counted once even when several of the
report's tables print it (:func:`_unique_figures`). Filters, the province of a figure and the
row order are those of :mod:`krapte.datahub.queries`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, case, distinct, func, literal, select
from sqlalchemy.orm import Session

from krapte.datahub.core.explorer import Aggregation, Choices, GroupRow
from krapte.datahub.core.records import FLANDERS, IDENTITY
from krapte.datahub.core.selection import Selection
from krapte.datahub.queries import (
    INSTITUTION,
    OBSERVATION,
    PROVINCE,
    ROW_ORDER,
    TOTAL_MARKED,
    needs_province,
    source,
    where_clauses,
)
from krapte.errors import InvalidInput


def profile_rows(
    session: Session, release_id: int, selection: Selection, choices: Choices | None = None
) -> tuple[dict[str, int], int]:
    """:func:`profile` of the selection and the number of rows of its wide table, in one pass:
    counted per row (grouped in the unique key's order, so read straight from its index), then
    over the rows. ``tables`` here is 1 for one printed table and 2 for several."""
    keys = [OBSERVATION.c[name] for name in ROW_ORDER]
    # each a number of figures; labelled apart from the key columns of the same name
    flags = {name: case((OBSERVATION.c[name] == "", 1), else_=0) for name in TOTAL_MARKED}
    flags["flanders"] = case((OBSERVATION.c.geography == FLANDERS, 1), else_=0)
    single_unit = choices is not None and len(choices.units) == 1
    if not single_unit:
        flags["not_counts"] = case((OBSERVATION.c.unit != "count", 1), else_=0)
    per_row = (
        select(
            *keys,
            func.count().label("figures"),
            func.min(OBSERVATION.c.source_table).label("first_table"),
            func.max(OBSERVATION.c.source_table).label("last_table"),
            *(func.sum(flag).label(f"n_{name}") for name, flag in flags.items()),
        )
        .select_from(source(needs_province(selection)))
        .where(*where_clauses(release_id, selection))
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
        name: func.sum(case((OBSERVATION.c[name] == "", 1), else_=0)).label(name)
        for name in TOTAL_MARKED
    }
    settled: dict[str, str] = {}
    counted: list[Any] = []
    if choices is not None and len(choices.measures) == 1:
        settled["measures"] = choices.measures[0]
    else:
        counted.append(func.count(distinct(OBSERVATION.c.measure)).label("measures"))
    if choices is not None and len(choices.units) == 1:
        settled["not_counts"] = choices.units[0]
    else:
        counted.append(
            func.sum(case((OBSERVATION.c.unit != "count", 1), else_=0)).label("not_counts")
        )
    query = (
        select(
            func.count().label("figures"),
            *counted,
            func.sum(case((OBSERVATION.c.geography == FLANDERS, 1), else_=0)).label("flanders"),
            func.count(distinct(OBSERVATION.c.source_table)).label("tables"),
            *empty.values(),
        )
        .select_from(source(needs_province(selection)))
        .where(*where_clauses(release_id, selection))
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
    mixed = any(0 < counts[name] < figures for name in (*TOTAL_MARKED, "flanders"))
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
        plain: list[Any] = [OBSERVATION.c.period, OBSERVATION.c.value, literal(0).label("disputed")]
        if with_province:
            plain.append(PROVINCE.label("province"))
        plain.extend(OBSERVATION.c[name] for name in IDENTITY if name != "period")
        return (
            select(*plain)
            .select_from(source(with_province or needs_province(selection)))
            .where(*where_clauses(release_id, selection), *extra)
            .subquery()
        )
    identity = [OBSERVATION.c[name] for name in IDENTITY]
    columns: list[Any] = [*identity]
    group: list[Any] = [*identity, OBSERVATION.c.unit]
    if with_province:
        columns.append(PROVINCE.label("province"))
        group.append(INSTITUTION.c.province)
    return (
        select(
            *columns,
            func.max(OBSERVATION.c.value).label("value"),
            case(
                (func.min(OBSERVATION.c.value) != func.max(OBSERVATION.c.value), 1), else_=0
            ).label("disputed"),
        )
        .select_from(source(with_province or needs_province(selection)))
        .where(*where_clauses(release_id, selection), *extra)
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
    for name in TOTAL_MARKED:
        if name not in selection.group and 0 < profile_[name] < profile_["figures"]:
            extra.append(OBSERVATION.c[name] != "")
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
