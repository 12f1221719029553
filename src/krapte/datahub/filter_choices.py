"""The explorer's filter choices of a version: stored with it (table ``release_choice``),
read back by :func:`read`, or worked out from the figures of a version stored without them.

Working them out from 500,000 figures takes about a second on SQLite (unit, source and section
are in no index), so a version's distinct values are written in the transaction that stores
it: from the import's columns in memory, and in SQL only for the figures carried over from the
previous version. A stored version never changes, so neither do its choices.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlalchemy import ColumnElement, delete, insert, select
from sqlalchemy.orm import Session

from krapte.datahub import tables as t
from krapte.datahub.core.explorer import Choices
from krapte.datahub.core.figures import Figures
from krapte.datahub.core.records import PROVINCES, Observation
from krapte.datahub.queries import PROVINCE, ROW_ORDER, source

_obs = t.Observation.__table__
_inst = t.Institution.__table__
_choice = t.ReleaseChoice.__table__

#: Dimensions stored one value a row; ``geography`` is stored as (geography, institution) pairs.
DIMENSIONS: tuple[str, ...] = (
    "measure",
    "level",
    "programme",
    "institution",
    "category",
    "period",
    "unit",
    "source",
    "section",
)


@dataclass
class Values:
    """Distinct values per dimension, and the distinct (geography, institution) pairs."""

    seen: dict[str, set[str]] = field(default_factory=lambda: {n: set() for n in DIMENSIONS})
    places: set[tuple[str, str]] = field(default_factory=set)

    def update(self, other: Values) -> None:
        for name in DIMENSIONS:
            self.seen[name] |= other.seen[name]
        self.places |= other.places


def _used(codes: np.ndarray, size: int) -> list[int]:
    """The codes that occur (a count per code: linear, no sort of 500,000 figures)."""
    return np.flatnonzero(np.bincount(codes, minlength=size)).tolist()


def of_figures(figures: Figures) -> Values:
    """The distinct values of an import's figures, from its columns of codes."""
    values = Values()
    if not len(figures):
        return values
    for name in ("measure", "unit", "source", "section"):
        values.seen[name].add(figures.base[name])
    periods = figures.periods
    values.seen["period"] = {periods[i] for i in _used(figures.period, len(periods))}
    for name in ("level", "programme", "institution", "category"):
        texts = figures.texts[name]
        values.seen[name] = {texts[i] for i in _used(figures.dimensions[name], len(texts))}
    geographies, institutions = figures.texts["geography"], figures.texts["institution"]
    width = len(institutions)
    pairs = figures.dimensions["geography"] * width + figures.dimensions["institution"]
    values.places = {
        (geographies[p // width], institutions[p % width])
        for p in _used(pairs, len(geographies) * width)
    }
    return values


def of_observations(observations: Iterable[Observation]) -> Values:
    """The distinct values of figures in memory (the bundled data, a restored version)."""
    values = Values()
    for obs in observations:
        for name in DIMENSIONS:
            values.seen[name].add(getattr(obs, name))
        values.places.add((obs.geography, obs.institution))
    return values


def of_release(session: Session, release_id: int, *, except_measures: Sequence[str] = ()) -> Values:
    """The distinct values of a stored version's figures (but those of ``except_measures``),
    a grouped query per dimension."""
    where: list[ColumnElement[bool]] = [_obs.c.release_id == release_id]
    if except_measures:
        where.append(_obs.c.measure.not_in(except_measures))
    values = Values()
    for name in DIMENSIONS:
        column = _obs.c[name]
        values.seen[name] = set(session.scalars(select(column).where(*where).group_by(column)))
    pairs = select(_obs.c.geography, _obs.c.institution).where(*where)
    values.places = {(g, i) for g, i in session.execute(pairs.group_by(*pairs.selected_columns))}
    return values


def store(session: Session, release_id: int, values: Values) -> None:
    """Write ``values`` as the choices of version ``release_id`` (replacing any)."""
    session.execute(delete(t.ReleaseChoice).where(t.ReleaseChoice.release_id == release_id))
    rows = [
        {"release_id": release_id, "dimension": name, "value": value, "institution": ""}
        for name in DIMENSIONS
        for value in sorted(values.seen[name])
    ]
    rows.extend(
        {"release_id": release_id, "dimension": "geography", "value": g, "institution": i}
        for g, i in sorted(values.places)
    )
    if rows:
        session.execute(insert(t.ReleaseChoice), rows)


def load(session: Session, release_id: int) -> Values | None:
    """The stored choices of version ``release_id``; None when it has none (stored before
    the table existed, or without figures)."""
    query = select(_choice.c.dimension, _choice.c.value, _choice.c.institution).where(
        _choice.c.release_id == release_id
    )
    values, found = Values(), False
    for dimension, value, institution in session.execute(query):
        found = True
        if dimension == "geography":
            values.places.add((value, institution))
        elif dimension in values.seen:
            values.seen[dimension].add(value)
    return values if found else None


#: Most row combinations read for the filter choices in one go; beyond, a query per column.
MAX_COMBINATIONS = 100_000


def read(session: Session, release_id: int) -> Choices:
    """The values of every dimension in one version of a dataset (for the filter lists).

    Read from the choices stored with the version (:func:`store`); a
    version stored before they were (or without figures) has them worked out from its figures.
    Provinces as :data:`PROVINCE` defines them, from the current list of institutions.
    """
    values = load(session, release_id)
    if values is None:
        return computed(session, release_id)
    seen = dict(values.seen)
    seen["geography"] = {geography for geography, _ in values.places}
    seen["province"] = _provinces(session, values.places)
    return _choices_of(seen)


def _provinces(session: Session, places: set[tuple[str, str]]) -> set[str]:
    provinces = {row[0]: row[1] for row in session.execute(select(_inst.c.name, _inst.c.province))}
    return {
        geography if geography in PROVINCES else provinces.get(institution, "")
        for geography, institution in places
    }


def computed(session: Session, release_id: int) -> Choices:
    """:func:`read` worked out from the version's figures (versions without stored choices).

    The row dimensions come from one pass over the index ``uq_observation_key`` (their distinct
    combinations), the rest from one grouped query.
    """
    keys = [_obs.c[name] for name in ROW_ORDER]
    combinations = session.execute(
        select(*keys)
        .where(_obs.c.release_id == release_id)
        .group_by(*keys)
        .limit(MAX_COMBINATIONS + 1)
    ).all()
    if len(combinations) > MAX_COMBINATIONS:
        return _choices_by_column(session, release_id)
    seen: dict[str, set[str]] = {name: set() for name in ROW_ORDER}
    places: set[tuple[str, str]] = set()
    for row in combinations:
        for name, value in zip(ROW_ORDER, row, strict=True):
            seen[name].add(value)
        places.add((row[4], row[3]))
    seen["province"] = _provinces(session, places)
    rest = session.execute(
        select(_obs.c.period, _obs.c.unit, _obs.c.source, _obs.c.section)
        .where(_obs.c.release_id == release_id)
        .group_by(_obs.c.period, _obs.c.unit, _obs.c.source, _obs.c.section)
        .limit(MAX_COMBINATIONS)
    ).all()
    for index, name in enumerate(("period", "unit", "source", "section")):
        seen[name] = {row[index] for row in rest}
    return _choices_of(seen)


def _choices_of(seen: dict[str, set[str]]) -> Choices:
    def values(name: str) -> tuple[str, ...]:
        return tuple(sorted(value for value in seen[name] if value))

    return Choices(
        measures=values("measure"),
        periods=values("period"),
        geographies=values("geography"),
        institutions=values("institution"),
        programmes=values("programme"),
        levels=values("level"),
        provinces=values("province"),
        categories=values("category"),
        units=values("unit"),
        sources=values("source"),
        sections=values("section"),
    )


def _choices_by_column(session: Session, release_id: int) -> Choices:
    def distinct_values(column: ColumnElement[Any], join: bool = False) -> set[str]:
        query = (
            select(column)
            .select_from(source(join))
            .where(_obs.c.release_id == release_id)
            .group_by(column)
        )
        return set(session.scalars(query))

    names = (*ROW_ORDER, "period", "unit", "source", "section")
    seen = {name: distinct_values(_obs.c[name]) for name in names}
    seen["province"] = distinct_values(PROVINCE, join=True)
    return _choices_of(seen)
