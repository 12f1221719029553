"""Tiny builders for the round administrator's tests: actors and a stored round in a phase."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select, update

from krapte.accounts.core.permissions import ANONYMOUS, Actor, Role
from krapte.bootstrap import Container
from krapte.placement import repository
from krapte.placement.core.calendar import Phase
from krapte.placement.core.generator import generate
from krapte.placement.core.model import PlacementRound as RoundRecords
from krapte.placement.core.validation import LoadedRound, loaded_from_records
from krapte.placement.run_files import write_round
from krapte.placement.service import InputPaths
from krapte.placement.tables import PlacementAssignment, PlacementRound

ROUND_ADMIN = Actor(user_id=11, name="Rita Rondebeheer", roles=frozenset({Role.ROUND_ADMIN}))
ANALYST = Actor(user_id=12, name="Ann Analist", roles=frozenset({Role.ANALYST}))
STUDENT = Actor(user_id=13, name="Sam Student", roles=frozenset({Role.STUDENT}))
ORGANISATION = Actor(
    user_id=14, name="Olga", roles=frozenset({Role.ORGANISATION}), organisations=frozenset({"X"})
)
STRANGERS = (ANONYMOUS, STUDENT, ORGANISATION)


def loaded_of(records: RoundRecords) -> LoadedRound:
    return loaded_from_records(records)


def generated(students: int = 60, offers: int = 15, seed: int = 3) -> RoundRecords:
    return generate(students, offers, seed, 5)


def stored_round(
    container: Container,
    phase: Phase = Phase.CLOSED,
    name: str = "ronde",
    records: RoundRecords | None = None,
) -> int:
    """A round stored as the files of ``krapte placement import`` would store it, in ``phase``."""
    with container.unit_of_work(write=True) as uow:
        round_id = repository.store_round(uow.session, name, loaded_of(records or generated()), 5)
        uow.session.execute(
            update(PlacementRound).where(PlacementRound.id == round_id).values(phase=phase.value)
        )
        uow.commit()
    return round_id


def phase_of(container: Container, round_id: int) -> str:
    with container.unit_of_work() as uow:
        found = uow.session.get(PlacementRound, round_id)
        assert found is not None
        return found.phase


def stored_assignment(container: Container, run_id: int) -> dict[str, str]:
    """A stored run's assignment: student id -> offer id ("" for no place)."""
    with container.unit_of_work() as uow:
        rows = uow.session.execute(
            select(PlacementAssignment.student_id, PlacementAssignment.offer_id).where(
                PlacementAssignment.run_id == run_id
            )
        )
        return {student_id: offer_id for student_id, offer_id in rows}  # noqa: C416


def exported(container: Container, round_id: int, folder: Path) -> InputPaths:
    """The round's three files, written by the same writers as `krapte placement generate`."""
    with container.unit_of_work() as uow:
        found = uow.session.get(PlacementRound, round_id)
        assert found is not None
        records = repository.fetch_round(uow.session, found.name).records
    folder.mkdir()
    write_round(records, folder)
    return InputPaths(folder / "offers.csv", folder / "students.csv", folder / "preferences.csv")
