"""Tiny builders for the school's and students' round services: a stored round in a chosen
phase, with named students, linked accounts and (optionally) a published run."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import update

from krapte.accounts.core.permissions import Actor, Role
from krapte.bootstrap import Container
from krapte.placement import repository, round_service
from krapte.placement.core.calendar import Phase
from krapte.placement.core.model import Offer, PlacementRound, Student
from krapte.placement.core.validation import LoadedRound, loaded_from_records
from krapte.placement.tables import PlacementOffer, PlacementStudent
from krapte.placement.tables import PlacementRound as RoundRow

ODISEE, HOWEST = "Odisee", "Howest"


def offer(offer_id: str, organisation: str, capacity: int = 1, **extra: object) -> Offer:
    fields: dict[str, object] = {
        "municipality": "Gent", "province": "Oost-Vlaanderen", "sector": "jeugdhulp", **extra,
    }  # fmt: skip
    return Offer(offer_id=offer_id, organisation=organisation, capacity=capacity, **fields)  # type: ignore[arg-type]


def student(
    student_id: str,
    school: str = ODISEE,
    programme: str = "sociaal werk",
    level: str = "bachelor",
    year: int = 2,
) -> Student:
    return Student(student_id, school, programme, level, year, "Gent")


OFFERS = (
    offer("O1", "Zorg Gent", programmes=("sociaal werk",), languages=("Nederlands",)),
    offer("O2", "CAW Antwerpen", municipality="Antwerpen", province="Antwerpen", sector="welzijn"),
    offer("O3", "OCMW Brugge", 2, programmes=("orthopedagogie",), municipality="Brugge",
          province="West-Vlaanderen"),
    offer("O4", "Huis Leuven", levels=("master",), municipality="Leuven",
          province="Vlaams-Brabant"),
    offer("O5", "Buurtwerk Gent", sector="welzijn", languages=("Nederlands", "Frans")),
)  # fmt: skip
STUDENTS = (
    student("S1"),
    student("S2"),
    student("S3", HOWEST, "orthopedagogie", year=3),
    student("S4", HOWEST, level="master", year=1),
)
PREFERENCES = {"S1": ("O1", "O2"), "S2": ("O1", "O2", "O5"), "S3": ("O3",), "S4": ("O4", "O1")}


def loaded(records: PlacementRound) -> LoadedRound:
    return loaded_from_records(records)


def build_round(
    container: Container,
    *,
    records: PlacementRound | None = None,
    phase: Phase = Phase.RANKINGS_OPEN,
    min_choices: int = 2,
    max_choices: int = 3,
    deadline: datetime | None = None,
    name: str = "voorjaar",
    accounts: bool = True,
) -> int:
    """Store ``records`` (the tiny round above by default) in ``phase``; students S1.. get names,
    e-mail addresses ``s1@school.test`` and (with ``accounts``) the user ids 101, 102, ...
    (100 + number); without, they are linked when an account signs in."""
    records = records or PlacementRound(OFFERS, STUDENTS, PREFERENCES)
    with container.unit_of_work(write=True) as uow:
        rid = repository.store_round(uow.session, name, loaded(records), max_choices)
        uow.session.execute(
            update(RoundRow)
            .where(RoundRow.id == rid)
            .values(phase=phase.value, min_choices=min_choices, rankings_close_at=deadline)
        )
        uow.session.execute(
            update(PlacementOffer)
            .where(PlacementOffer.round_id == rid)
            .values(period="najaar", description="Begeleiden van " + PlacementOffer.organisation)
        )
        for s in records.students:
            number = int(s.student_id.lstrip("S"))
            uow.session.execute(
                update(PlacementStudent)
                .where(PlacementStudent.round_id == rid)
                .where(PlacementStudent.student_id == s.student_id)
                .values(name=f"Student {number}", email=f"{s.student_id.lower()}@school.test",
                        user_id=100 + number if accounts else None)
            )  # fmt: skip
        uow.commit()
    return rid


def set_phase(container: Container, rid: int, phase: Phase, **values: object) -> None:
    with container.unit_of_work(write=True) as uow:
        uow.session.execute(
            update(RoundRow).where(RoundRow.id == rid).values(phase=phase.value, **values)
        )
        uow.commit()


def publish(
    container: Container, rid: int, out: Path, seed: int = 7, name: str = "voorjaar"
) -> int:
    """Allocate the stored round with the engine (the command line's run) and publish it."""
    round_service.run_stored_round(container.unit_of_work(write=True), name, seed, out)
    from sqlalchemy import func, select

    from krapte.placement.tables import PlacementRun

    with container.unit_of_work(write=True) as uow:
        run_id = uow.session.scalar(select(func.max(PlacementRun.id)))
        uow.commit()
    set_phase(container, rid, Phase.PUBLISHED, published_run_id=run_id)
    assert run_id is not None
    return int(run_id)


def coordinator(*schools: str, user_id: int = 1) -> Actor:
    return Actor(user_id, "Coördinator", frozenset({Role.SCHOOL}), schools=frozenset(schools))


def student_actor(number: int) -> Actor:
    return Actor(100 + number, f"Student {number}", frozenset({Role.STUDENT}))


ADMIN = Actor(9, "Beheer", frozenset({Role.ROUND_ADMIN}))
