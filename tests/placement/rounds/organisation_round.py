"""A tiny stored round for the organisation's services: offers of two organisations, named
students, a phase, and optionally a published run that places some students (written by hand:
the allocation and publication are the round administrator's part)."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from sqlalchemy import update

import krapte
from krapte.accounts.core.permissions import Actor, Role
from krapte.bootstrap import Container
from krapte.placement import repository
from krapte.placement.core.calendar import Phase
from krapte.placement.core.generator import generate
from krapte.placement.core.validation import loaded_from_records
from krapte.placement.tables import PlacementRound, PlacementStudent

MINE = "CAW Mijnstad"
OTHER = "OCMW Anderstad"
ROUND_NAME = "voorjaar"


@dataclass(frozen=True)
class Built:
    round_id: int
    offer_ids: dict[str, list[str]]
    """Per organisation its offer ids."""
    placed: dict[str, str]
    """student id -> offer id in the published run (empty when not published)."""
    run_id: int | None


def organisation_user(*organisations: str, user_id: int = 7) -> Actor:
    return Actor(
        user_id=user_id,
        name="Mentor",
        roles=frozenset({Role.ORGANISATION}),
        organisations=frozenset(organisations or (MINE,)),
    )


ROUND_ADMIN = Actor(user_id=2, name="Beheer", roles=frozenset({Role.ROUND_ADMIN}))
STUDENT = Actor(user_id=3, name="Student", roles=frozenset({Role.STUDENT}))


def build_round(
    container: Container,
    phase: Phase = Phase.OFFERS_OPEN,
    *,
    published: bool = False,
    name: str = ROUND_NAME,
) -> Built:
    """Six offers (three per organisation), twelve students; with ``published``, a run that
    places students 0-3 with MINE's offers, 4-5 with OTHER's and leaves the rest unplaced."""
    records = generate(students=12, offers=6, seed=3)
    offers = tuple(
        replace(
            o,
            organisation=MINE if i < 3 else OTHER,
            municipality="Gent",
            province="Oost-Vlaanderen",
        )
        for i, o in enumerate(records.offers)
    )
    records = replace(records, offers=offers)
    loaded = loaded_from_records(records)
    encoded = loaded.encoded
    offer_ids: dict[str, list[str]] = {MINE: [], OTHER: []}
    for offer in offers:
        offer_ids[offer.organisation].append(offer.offer_id)
    with container.unit_of_work(write=True) as uow:
        round_id = repository.store_round(uow.session, name, loaded, 10)
        for index, student_id in enumerate(encoded.student_ids):
            uow.session.execute(
                update(PlacementStudent)
                .where(
                    PlacementStudent.round_id == round_id,
                    PlacementStudent.student_id == student_id,
                )
                .values(name=f"Student {index}", email=f"student{index}@school.be")
            )
        placed: dict[str, str] = {}
        run_id = None
        if published:
            targets = [0, 1, 2, 0, 3, 4] + [-1] * (len(encoded.student_ids) - 6)
            assigned = np.asarray(targets, dtype=np.int64)
            for student_id, offer in zip(encoded.student_ids, targets, strict=True):
                if offer >= 0:
                    placed[student_id] = encoded.offer_ids[offer]
            run_id = repository.store_run(
                uow.session,
                name,
                repository.RunRecord(
                    seed=1,
                    engine_version=krapte.__version__,
                    manifest={},
                    student_ids=encoded.student_ids,
                    offer_ids=encoded.offer_ids,
                    assigned=assigned,
                    ranks=np.where(assigned >= 0, 1, 0),
                    lottery=np.arange(len(targets), dtype=np.int64),
                ),
            )
        uow.session.execute(
            update(PlacementRound)
            .where(PlacementRound.id == round_id)
            .values(phase=phase.value, published_run_id=run_id)
        )
        uow.commit()
    return Built(round_id, offer_ids, placed, run_id)
