"""The offers of a round as the students' pages see them, and who may take which.

Eligibility is the engine's own rule (:func:`krapte.placement.core.instance.eligible_pairs` over
the round encoded by :func:`krapte.placement.core.encode.encode_columns`): programme, level and
study year. Nothing here defines it a second time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from krapte.accounts.core.permissions import Actor, Resource
from krapte.errors import Forbidden, Unauthenticated
from krapte.placement.core.encode import encode_columns
from krapte.placement.core.instance import BoolArray, as_ints, eligible_pairs
from krapte.placement.core.model import Offer, Student, StudentColumns, offer_from_cells
from krapte.placement.core.validation import OFFER_COLUMNS, OFFER_OPTIONAL
from krapte.placement.tables import PlacementOffer, PlacementStudent

_CELLS = OFFER_COLUMNS + OFFER_OPTIONAL


@dataclass(frozen=True)
class OfferView:
    """An offer with the texts a student reads (period and description are not engine inputs)."""

    offer: Offer
    period: str
    description: str

    @property
    def offer_id(self) -> str:
        return self.offer.offer_id

    def as_dict(self) -> dict[str, object]:
        offer = self.offer
        return {
            "offer_id": offer.offer_id,
            "organisation": offer.organisation,
            "municipality": offer.municipality,
            "province": offer.province,
            "sector": offer.sector,
            "capacity": offer.capacity,
            "languages": list(offer.languages),
            "period": self.period,
            "description": self.description,
        }


def round_offers(session: Session, round_id: int) -> list[OfferView]:
    """Every offer of the round in its stored order (one query, plain rows)."""
    columns = [getattr(PlacementOffer, name) for name in _CELLS]
    query = (
        select(*columns, PlacementOffer.period, PlacementOffer.description)
        .where(PlacementOffer.round_id == round_id)
        .order_by(PlacementOffer.position)
    )
    found: list[OfferView] = []
    for row in session.execute(query):
        cells = {name: str(value) for name, value in zip(_CELLS, row, strict=False)}
        offer, _ = offer_from_cells(cells)  # stored rows passed the same codec
        found.append(OfferView(offer, period=row[-2], description=row[-1]))
    return found


def as_student(stored: PlacementStudent) -> Student:
    return Student(
        student_id=stored.student_id,
        school=stored.school,
        programme=stored.programme,
        level=stored.level,
        study_year=stored.study_year,
        municipality=stored.municipality,
    )


def eligibility(offers: Sequence[Offer], students: Sequence[Student]) -> BoolArray:
    """``result[i, j]``: whether ``students[i]`` may take ``offers[j]`` (the engine's rule)."""
    if not offers or not students:
        return np.zeros((len(students), len(offers)), dtype=np.bool_)
    columns = StudentColumns.of(students)
    encoded = encode_columns(
        tuple(offers), columns, np.zeros(len(columns) + 1, dtype=np.int64), as_ints([])
    )
    n, m = len(columns), len(offers)
    pairs = eligible_pairs(
        encoded.instance,
        np.repeat(np.arange(n, dtype=np.int64), m),
        np.tile(np.arange(m, dtype=np.int64), n),
    ).reshape(n, m)
    order = [encoded.student_index[s.student_id] for s in students]
    return np.asarray(pairs[order])


def student_resource(
    stored: PlacementStudent, organisations: frozenset[str] = frozenset()
) -> Resource:
    return Resource(
        "student",
        school=stored.school,
        student_user_id=stored.user_id,
        organisations=organisations,
    )


def own_student(session: Session, actor: Actor, round_id: int) -> PlacementStudent:
    """The signed-in student's record in the round; Unauthenticated or Forbidden in Dutch."""
    if not actor.authenticated:
        raise Unauthenticated("meld je aan om verder te gaan")
    stored = session.scalar(
        select(PlacementStudent).where(
            PlacementStudent.round_id == round_id, PlacementStudent.user_id == actor.user_id
        )
    )
    if stored is None:
        raise Forbidden("je staat niet als student ingeschreven in deze stageronde")
    return stored


def required_choices(min_choices: int, eligible: int) -> int:
    """A list is complete with ``min_choices`` choices, or every offer the student may take."""
    return min(min_choices, eligible)
