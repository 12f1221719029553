"""The explorer's filter choices of a version, stored with it (table ``release_choice``).

Working them out from 500,000 figures takes about a second on SQLite (unit, source and section
are in no index), so a version's distinct values are written in the transaction that stores
it: from the import's columns in memory, and in SQL only for the figures carried over from the
previous version. A stored version never changes, so neither do its choices.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from sqlalchemy import ColumnElement, delete, insert, select
from sqlalchemy.orm import Session

from krapte.datahub import tables as t
from krapte.datahub.core.figures import Figures
from krapte.datahub.core.records import Observation

_obs = t.Observation.__table__
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


def of_figures(figures: Figures) -> Values:
    """The distinct values of an import's figures, from its columns of codes."""
    values = Values()
    if not len(figures):
        return values
    for name in ("measure", "unit", "source", "section"):
        values.seen[name].add(figures.base[name])
    values.seen["period"] = {figures.periods[i] for i in np.unique(figures.period).tolist()}
    codes: dict[str, list[int]] = {}
    for name in ("level", "programme", "institution", "category", "geography"):
        texts = figures.texts[name]
        codes[name] = np.unique(figures.dimensions[name]).tolist()
        if name in values.seen:
            values.seen[name] = {texts[i] for i in codes[name]}
    geographies, institutions = figures.dimensions["geography"], figures.dimensions["institution"]
    width = len(figures.texts["institution"]) or 1
    pairs = np.unique(geographies.astype(np.int64) * width + institutions.astype(np.int64))
    values.places = {
        (figures.texts["geography"][p // width], figures.texts["institution"][p % width])
        for p in pairs.tolist()
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
