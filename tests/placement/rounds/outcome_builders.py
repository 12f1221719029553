"""Tiny builders for the outcome and personal-data tests: a stored, published round."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
from sqlalchemy import select

from krapte.bootstrap import Container
from krapte.placement import repository
from krapte.placement.core.model import Offer, PlacementRound, Student
from krapte.placement.core.validation import loaded_from_records
from krapte.placement.tables import PlacementOutcome, PlacementStudent
from krapte.placement.tables import PlacementRound as RoundRow


def offer(
    offer_id: str, capacity: int, *, sector: str = "jeugdhulp", province: str = "Limburg"
) -> Offer:
    return Offer(
        offer_id=offer_id,
        organisation=f"Organisatie {offer_id}",
        municipality="Hasselt" if province == "Limburg" else "Gent",
        province=province,
        sector=sector,
        capacity=capacity,
    )


def student(student_id: str, school: str = "Hogeschool PXL") -> Student:
    return Student(student_id, school, "sociaal werk", "bachelor", 2, "Genk")


@dataclass(frozen=True)
class Stored:
    round_id: int
    run_id: int


def store_published_round(
    container: Container,
    offers: Sequence[Offer],
    lists: Mapping[str, Sequence[str]],
    placed: Mapping[str, str],
    *,
    name: str = "2026-voorjaar",
    emails: Mapping[str, str] | None = None,
    publish_at: datetime | None = None,
) -> Stored:
    """Store a round whose students have ``lists``; a run placing ``placed`` (student -> offer),
    published."""
    records = PlacementRound(
        offers=tuple(offers),
        students=tuple(student(sid) for sid in lists),
        preferences={sid: tuple(choices) for sid, choices in lists.items() if choices},
    )
    loaded = loaded_from_records(records)
    encoded = loaded.encoded
    with container.unit_of_work(write=True) as uow:
        round_id = repository.store_round(uow.session, name, loaded, max_choices=10)
        ids = encoded.student_ids
        assigned = [encoded.offer_index[placed[sid]] if sid in placed else -1 for sid in ids]
        ranks = [list(lists[sid]).index(placed[sid]) + 1 if sid in placed else 0 for sid in ids]
        run_id = repository.store_run(
            uow.session,
            name,
            repository.RunRecord(
                seed=1,
                engine_version="test",
                manifest={},
                student_ids=ids,
                offer_ids=encoded.offer_ids,
                assigned=np.asarray(assigned, dtype=np.int64),
                ranks=np.asarray(ranks, dtype=np.int64),
                lottery=np.arange(len(ids), dtype=np.int64),
            ),
        )
        stored = uow.session.get(RoundRow, round_id)
        assert stored is not None
        stored.phase = "published"
        stored.published_run_id = run_id
        stored.publish_at = publish_at or datetime(2026, 6, 1, tzinfo=UTC)
        for sid, email in (emails or {}).items():
            row = uow.session.scalars(
                select(PlacementStudent).where(
                    PlacementStudent.round_id == round_id, PlacementStudent.student_id == sid
                )
            ).one()
            row.email, row.name = email, f"Naam {sid}"
        uow.commit()
    return Stored(round_id, run_id)


def record_outcome(
    container: Container,
    round_id: int,
    student_id: str,
    offer_id: str,
    *,
    confirmed: bool = False,
    job: bool | None = None,
    mentor: str = "",
    comment: str = "",
) -> None:
    with container.unit_of_work(write=True) as uow:
        uow.session.add(
            PlacementOutcome(
                round_id=round_id,
                student_id=student_id,
                offer_id=offer_id,
                confirmed_at=datetime(2026, 6, 10, tzinfo=UTC) if confirmed else None,
                mentor=mentor,
                student_comment=comment,
                job_offered=job,
            )
        )
        uow.commit()
