"""The input of a stored round as the engine reads it, and its checksum.

A round in the database is read back into the same :class:`LoadedRound` that the three files of
``krapte placement run`` give (through :func:`krapte.placement.repository.fetch_round` and
:func:`encode`). Its checksum is the SHA-256 of one canonical text of the three tables: offers
sorted by id (the columns of ``offers.csv``), students sorted by id (``students.csv``), and every
list in rank order (``preferences.csv``, ranks numbered 1, 2, …), as plain CSV. The same round
read from its files gives the same checksum, whatever the order of the rows in those files.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass

from sqlalchemy.orm import Session

from krapte.placement import repository
from krapte.placement.core.model import offer_cells
from krapte.placement.core.validation import (
    OFFER_COLUMNS,
    OFFER_OPTIONAL,
    PREFERENCE_COLUMNS,
    STUDENT_COLUMNS,
    LoadedRound,
    loaded_from_records,
)
from krapte.placement.rounds.state import stored_round


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
    loaded = loaded_from_records(stored.records)
    return RoundInput(loaded=loaded, max_choices=stored.max_choices, sha256=input_checksum(loaded))


def canonical_text(loaded: LoadedRound) -> str:
    """The three tables of a round as one canonical CSV text (see the module's docstring).

    Plain CSV (``csv`` module, ``\\n`` line ends): a fingerprint, not a file for spreadsheets, so
    no cell is changed the way the shared writer guards files against formulas.
    """
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    columns = OFFER_COLUMNS + OFFER_OPTIONAL
    writer.writerow(columns)
    for offer in sorted(loaded.offers, key=lambda offer: offer.offer_id):
        cells = offer_cells(offer)
        writer.writerow([cells[column] for column in columns])
    writer.writerow(STUDENT_COLUMNS)
    students = loaded.students
    order = sorted(range(len(students)), key=lambda index: students.student_id[index])
    writer.writerows(
        (
            students.student_id[i], students.school[i], students.programme[i],
            students.level[i], int(students.study_year[i]), students.municipality[i],
        )
        for i in order
    )  # fmt: skip
    writer.writerow(PREFERENCE_COLUMNS)
    encoded = loaded.encoded
    ptr, chosen = encoded.instance.pref_ptr.tolist(), encoded.instance.pref_offer.tolist()
    ids, offer_ids = encoded.student_ids, encoded.offer_ids
    writer.writerows(
        (ids[s], entry - ptr[s] + 1, offer_ids[chosen[entry]])
        for s in sorted(range(len(ids)), key=ids.__getitem__)
        for entry in range(ptr[s], ptr[s + 1])
    )
    return text.getvalue()


def input_checksum(loaded: LoadedRound) -> str:
    """SHA-256 (hex) of :func:`canonical_text`."""
    return hashlib.sha256(canonical_text(loaded).encode("utf-8")).hexdigest()
