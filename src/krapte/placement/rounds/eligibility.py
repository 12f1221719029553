"""The offers of a round as the students' pages see them, and who may take which.

Eligibility is the engine's own rule (:func:`krapte.placement.core.instance.eligible_pairs` over
the round encoded by :func:`krapte.placement.core.encode.encode_columns`): programme, level and
study year. Nothing here defines it a second time.

The students' pages need every offer of the round on every request (what a student may choose,
how many choices make a list complete). A server reads them once per version of the round's
offers (``placement_round.offers_version``, raised by every change) and keeps them, parsed and
encoded, in memory; a transaction that changed offers reads its own, uncached.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import overload

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from krapte.accounts.core.permissions import Actor, Resource
from krapte.errors import Conflict, Forbidden, Unauthenticated
from krapte.memo import Memo
from krapte.placement.core.encode import Encoded, Vocabulary, encode_columns
from krapte.placement.core.instance import BoolArray, IntArray, as_ints, eligible_pairs
from krapte.placement.core.model import Offer, Student, StudentColumns, offer_from_cells
from krapte.placement.core.validation import OFFER_COLUMNS, OFFER_OPTIONAL
from krapte.placement.rounds.state import CHANGED_OFFERS
from krapte.placement.tables import PlacementOffer, PlacementRound, PlacementStudent

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


class RoundOffers(Sequence[OfferView]):
    """A round's offers in their stored order, with their engine encoding made once."""

    def __init__(self, views: Sequence[OfferView]) -> None:
        self.views = tuple(views)
        self.offers = tuple(view.offer for view in self.views)
        self._encoded: Encoded | None = None
        self._lock = threading.Lock()

    @overload
    def __getitem__(self, index: int) -> OfferView: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[OfferView]: ...
    def __getitem__(self, index: int | slice) -> OfferView | Sequence[OfferView]:
        return self.views[index]

    def __len__(self) -> int:
        return len(self.views)

    def __iter__(self) -> Iterator[OfferView]:
        return iter(self.views)

    def encoded(self) -> Encoded:
        """The offers in the engine's array form (no students, no lists), made once."""
        with self._lock:
            if self._encoded is None:
                self._encoded = _encode(self.offers)
            return self._encoded


_kept: Memo[RoundOffers] = Memo(size=8)


def round_offers(session: Session, round_id: int) -> RoundOffers:
    """Every offer of the round in its stored order, kept per version of the round's offers."""
    if round_id in session.info.get(CHANGED_OFFERS, ()):
        return RoundOffers(_read_offers(session, round_id))
    version = session.execute(
        select(PlacementRound.created_at, PlacementRound.offers_version).where(
            PlacementRound.id == round_id
        )
    ).one_or_none()
    key = (str(session.get_bind().engine.url), round_id, *(version or ()))
    return _kept.get(key, lambda: RoundOffers(_read_offers(session, round_id)))


def _read_offers(session: Session, round_id: int) -> list[OfferView]:
    """One query, plain rows (no ORM result processing)."""
    columns = [getattr(PlacementOffer, name) for name in _CELLS]
    query = (
        select(*columns, PlacementOffer.period, PlacementOffer.description)
        .where(PlacementOffer.round_id == round_id)
        .order_by(PlacementOffer.position)
    )
    session.flush()  # what the ORM's execute would do before reading
    return [_view(tuple(row)) for row in session.connection().execute(query)]


@lru_cache(maxsize=20_000)
def _view(row: tuple[object, ...]) -> OfferView:
    """An offer parsed once per distinct stored row (the key is the whole row, so an edited
    offer is parsed again); a round's pages read the same few thousand rows over and over."""
    cells = {name: str(value) for name, value in zip(_CELLS, row, strict=False)}
    offer, _ = offer_from_cells(cells)  # stored rows passed the same codec
    return OfferView(offer, period=str(row[-2]), description=str(row[-1]))


def as_student(stored: PlacementStudent) -> Student:
    return Student(
        student_id=stored.student_id,
        school=stored.school,
        programme=stored.programme,
        level=stored.level,
        study_year=stored.study_year,
        municipality=stored.municipality,
    )


def eligibility(offers: Sequence[Offer] | RoundOffers, students: Sequence[Student]) -> BoolArray:
    """``result[i, j]``: whether ``students[i]`` may take ``offers[j]`` (the engine's rule).

    The offers are encoded once (a round's :class:`RoundOffers` keep theirs); the students'
    programme, level and study year are coded with that encoding's vocabularies, where a name no
    offer lists gets a code of its own (such a student may take only offers open to all).
    """
    if not offers or not students:
        return np.zeros((len(students), len(offers)), dtype=np.bool_)
    encoded = offers.encoded() if isinstance(offers, RoundOffers) else _encode(tuple(offers))
    n, m = len(students), len(offers)

    def codes(vocabulary: Vocabulary, names: list[str]) -> IntArray:
        unknown = len(vocabulary.names)
        return as_ints([_found(vocabulary.find(name), unknown) for name in names])

    instance = replace(
        encoded.instance,
        student_programme=codes(encoded.programmes, [s.programme for s in students]),
        student_school=as_ints([0] * n),
        student_level=codes(encoded.levels, [s.level for s in students]),
        student_year=as_ints([s.study_year for s in students]),
        pref_ptr=as_ints([0] * (n + 1)),
    )
    pairs = eligible_pairs(
        instance,
        np.repeat(np.arange(n, dtype=np.int64), m),
        np.tile(np.arange(m, dtype=np.int64), n),
    )
    return np.asarray(pairs.reshape(n, m))


def _found(code: int | None, unknown: int) -> int:
    return unknown if code is None else code


def _encode(offers: tuple[Offer, ...]) -> Encoded:
    """The round's offers in the engine's array form (no students, no lists)."""
    return encode_columns(offers, StudentColumns.of(()), as_ints([0]), as_ints([]))


def student_resource(
    stored: PlacementStudent, organisations: frozenset[str] = frozenset()
) -> Resource:
    return Resource(
        "student",
        school=stored.school,
        student_user_id=stored.user_id,
        organisations=organisations,
    )


def own_student(
    session: Session, actor: Actor, round_id: int, *, for_update: bool = False
) -> PlacementStudent:
    """The signed-in student's record in the round (locked for the transaction when
    ``for_update``); Unauthenticated, Forbidden or (two records) Conflict in Dutch."""
    if not actor.authenticated:
        raise Unauthenticated("meld je aan om verder te gaan")
    query = select(PlacementStudent).where(
        PlacementStudent.round_id == round_id, PlacementStudent.user_id == actor.user_id
    )
    if for_update:
        query = query.with_for_update()
    found = session.scalars(query.limit(2)).all()
    if not found:
        raise Forbidden("je staat niet als student ingeschreven in deze stageronde")
    if len(found) > 1:
        raise Conflict(
            "je account hoort bij meer dan één inschrijving in deze stageronde; "
            "vraag je school om dat recht te zetten"
        )
    return found[0]


def required_choices(min_choices: int, eligible: int) -> int:
    """A list is complete with ``min_choices`` choices, or every offer the student may take."""
    return min(min_choices, eligible)
