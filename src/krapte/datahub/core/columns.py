"""Observations column by column, for checks over the whole store (500,000 figures and more).

Pure: every text column is held as integer codes into its distinct texts, the values as one
float array. The checks (:mod:`krapte.datahub.core.checks`) find the few observations that can
give a finding with NumPy over these columns, and only those become
:class:`~krapte.datahub.core.records.Observation` objects.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from krapte.datahub.core.records import Observation

#: The fields the checks read: the tidy columns without source, section and note.
CHECKED_FIELDS: tuple[str, ...] = (
    "dataset",
    "table",
    "measure",
    "period",
    "unit",
    "geography",
    "institution",
    "programme",
    "level",
    "category",
)


@dataclass
class ColumnsBuilder:
    """Collects rows (tuples of :data:`CHECKED_FIELDS` and the value) chunk by chunk.

    With ``numbered``, every row ends with a number (the store's id) after its value, and
    :meth:`build` puts the rows in the order of their dataset's name, then that number (what an
    ``ORDER BY`` would give, sorted here rather than by the database).
    """

    numbered: bool = False
    _lookups: list[dict[str, int]] = field(default_factory=lambda: [{} for _ in CHECKED_FIELDS])
    _codes: list[list[np.ndarray]] = field(default_factory=lambda: [[] for _ in CHECKED_FIELDS])
    _values: list[np.ndarray] = field(default_factory=list)
    _numbers: list[np.ndarray] = field(default_factory=list)

    def add(self, rows: Sequence[Sequence[object]]) -> None:
        if not rows:
            return
        columns = list(zip(*rows, strict=True))
        for position, lookup in enumerate(self._lookups):
            codes = [lookup.setdefault(str(text), len(lookup)) for text in columns[position]]
            self._codes[position].append(np.asarray(codes, dtype=np.int64))
        self._values.append(np.asarray(columns[len(CHECKED_FIELDS)], dtype=np.float64))
        if self.numbered:
            self._numbers.append(np.asarray(columns[len(CHECKED_FIELDS) + 1], dtype=np.int64))

    def build(self, objects: Sequence[Observation] | None = None) -> ObservationColumns:
        def joined(parts: list[np.ndarray], dtype: type) -> np.ndarray:
            return np.concatenate(parts) if parts else np.zeros(0, dtype=dtype)

        codes = {
            name: joined(parts, np.int64)
            for name, parts in zip(CHECKED_FIELDS, self._codes, strict=True)
        }
        values = joined(self._values, np.float64)
        if self.numbered:
            names = list(self._lookups[0])
            rank = np.argsort(np.argsort(np.array(names, dtype=object)))
            dataset = rank[codes["dataset"]] if names else codes["dataset"]
            order = np.lexsort((joined(self._numbers, np.int64), dataset))
            codes = {name: column[order] for name, column in codes.items()}
            values = values[order]
        return ObservationColumns(
            codes=codes,
            texts={
                name: tuple(lookup)
                for name, lookup in zip(CHECKED_FIELDS, self._lookups, strict=True)
            },
            values=values,
            objects=tuple(objects) if objects is not None else None,
        )


@dataclass(frozen=True)
class ObservationColumns:
    """Observations in a fixed order: row ``i`` has ``texts[name][codes[name][i]]``."""

    codes: dict[str, np.ndarray]
    texts: dict[str, tuple[str, ...]]
    values: np.ndarray
    objects: tuple[Observation, ...] | None = None
    """The records the columns were made of, when they were made of records."""

    @classmethod
    def of(cls, observations: Iterable[Observation]) -> ObservationColumns:
        records = list(observations)
        builder = ColumnsBuilder()
        builder.add([(*(getattr(o, f) for f in CHECKED_FIELDS), o.value) for o in records])
        return builder.build(records)

    def __len__(self) -> int:
        return len(self.values)

    def code(self, name: str, text: str) -> int:
        """The code of ``text`` in column ``name``; -1 when no row holds it."""
        try:
            return self.texts[name].index(text)
        except ValueError:
            return -1

    def where_text(self, name: str, wanted: Iterable[str]) -> np.ndarray:
        """Rows whose ``name`` is one of ``wanted``."""
        wanted = set(wanted)
        hits = np.array([text in wanted for text in self.texts[name]], dtype=np.bool_)
        return hits[self.codes[name]] if len(hits) else np.zeros(len(self), dtype=np.bool_)

    def per_text(self, name: str, test: Callable[[str], object]) -> np.ndarray:
        """``test(text)`` for every row, evaluated once per distinct text of ``name``."""
        results = np.array([test(text) for text in self.texts[name]])
        if not len(results):
            return np.zeros(len(self), dtype=np.bool_)
        return np.asarray(results[self.codes[name]])

    def groups(self, names: Sequence[str]) -> np.ndarray:
        """A group number per row: rows share one when they agree on every column of ``names``."""
        if not names:
            return np.zeros(len(self), dtype=np.int64)
        key = np.zeros(len(self), dtype=np.int64)
        span = 1
        stacked: list[np.ndarray] = []
        for name in names:
            size = max(len(self.texts[name]), 1)
            if span * size >= 2**62:
                stacked.append(key)
                key, span = np.zeros(len(self), dtype=np.int64), 1
            key = key * size + self.codes[name]
            span *= size
        if stacked:
            _, key = np.unique(np.stack([*stacked, key], axis=1), axis=0, return_inverse=True)
            return np.asarray(key, dtype=np.int64).reshape(-1)
        _, compact = np.unique(key, return_inverse=True)
        return np.asarray(compact, dtype=np.int64).reshape(-1)

    def take(self, rows: np.ndarray) -> list[Observation]:
        """Rows as records, in the order given (source, section and note stay empty)."""
        if self.objects is not None:
            return [self.objects[i] for i in rows.tolist()]
        texts = [
            [self.texts[name][c] for c in self.codes[name][rows].tolist()]
            for name in CHECKED_FIELDS
        ]
        return [
            Observation(**dict(zip(CHECKED_FIELDS, cells, strict=True)), value=value)
            for *cells, value in zip(*texts, self.values[rows].tolist(), strict=True)
        ]
