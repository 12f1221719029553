"""The input of a stored round as the engine reads it, and its checksum.

A round in the database is read back into the same :class:`LoadedRound` that the three files of
``krapte placement run`` give (through :func:`krapte.placement.repository.fetch_round` and
:func:`encode`). Its checksum is the SHA-256 of one canonical text of the three tables: offers
sorted by id (the columns of ``offers.csv``), students sorted by id (``students.csv``), and every
list in rank order (``preferences.csv``, ranks numbered 1, 2, …), as CSV without BOM. The same round
read from its files gives the same checksum, whatever the order of the rows in those files.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

import numpy as np
from sqlalchemy.orm import Session

from krapte.placement import repository
from krapte.placement.core.encode import encode
from krapte.placement.core.model import StudentColumns, offer_cells
from krapte.placement.core.validation import (
    OFFER_COLUMNS,
    OFFER_OPTIONAL,
    PREFERENCE_COLUMNS,
    STUDENT_COLUMNS,
    LoadedRound,
)
from krapte.placement.rounds.state import stored_round
from krapte.tabular import write_csv


@dataclass(frozen=True)
class RoundInput:
    """A stored round ready for the engine: the loaded round, its list length and checksum."""

    loaded: LoadedRound
    max_choices: int
    sha256: str


def read_round_input(session: Session, round_id: int) -> RoundInput:
    """The offers, students and lists of round ``round_id``, encoded as the files would be."""
    name = stored_round(session, round_id).name
    stored = repository.fetch_round(session, name)
    encoded = encode(stored.records)
    loaded = LoadedRound(
        offers=stored.records.offers,
        students=StudentColumns.of(stored.records.students),
        encoded=encoded,
        entry_rows=np.arange(encoded.instance.n_entries, dtype=np.int64),
    )
    return RoundInput(loaded=loaded, max_choices=stored.max_choices, sha256=input_checksum(loaded))


def canonical_text(loaded: LoadedRound) -> str:
    """The three tables of a round as one canonical CSV text (see the module's docstring)."""
    text = io.StringIO()
    columns = OFFER_COLUMNS + OFFER_OPTIONAL
    offers = sorted(loaded.offers, key=lambda offer: offer.offer_id)
    write_csv(text, columns, ([str(offer_cells(o)[column]) for column in columns] for o in offers))
    students = sorted(loaded.students, key=lambda student: student.student_id)
    write_csv(
        text,
        STUDENT_COLUMNS,
        (
            (s.student_id, s.school, s.programme, s.level, str(s.study_year), s.municipality)
            for s in students
        ),
    )
    encoded = loaded.encoded
    ptr, chosen = encoded.instance.pref_ptr.tolist(), encoded.instance.pref_offer.tolist()
    order = sorted(range(len(encoded.student_ids)), key=lambda index: encoded.student_ids[index])
    write_csv(
        text,
        PREFERENCE_COLUMNS,
        (
            (encoded.student_ids[s], str(entry - ptr[s] + 1), encoded.offer_ids[chosen[entry]])
            for s in order
            for entry in range(ptr[s], ptr[s + 1])
        ),
    )
    return text.getvalue()


def input_checksum(loaded: LoadedRound) -> str:
    """SHA-256 (hex) of :func:`canonical_text`."""
    return hashlib.sha256(canonical_text(loaded).encode("utf-8")).hexdigest()
