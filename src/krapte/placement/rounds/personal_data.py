"""Personal data of the placement rounds: export and delete one student, anonymise old rounds.

A student is found by e-mail address (any case) or student id, in every round that is not
anonymised. Deleting removes the student's record, lists, follow-up lists and outcome; the rows of
runs (:class:`PlacementAssignment`) are kept with the student id replaced by a random token, so a
run's statistics (placed, unplaced, ranks obtained, the lottery's spread) still add up after the
deletion while nothing links the row to the person any more.

Rounds older than the retention (``KRAPTE_PLACEMENT_RETENTION_DAYS``, counted from the planned
publication, or the creation when there is none) are anonymised the same way for every student:
names, e-mail addresses, account links, comments and mentor names cleared, student ids replaced by
tokens, ``anonymised_at`` set. The data hub's figures (aggregates) stay.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import cast

from sqlalchemy import (
    ColumnElement,
    Table,
    bindparam,
    delete,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Session

from krapte.accounts.core.permissions import Actor, require
from krapte.db.uow import UnitOfWork
from krapte.errors import InvalidInput, NotFound
from krapte.placement.rounds.state import now
from krapte.placement.tables import (
    PlacementAssignment,
    PlacementFollowupPreference,
    PlacementOutcome,
    PlacementPreference,
    PlacementRound,
    PlacementRun,
    PlacementStudent,
)

TOKEN_PREFIX = "anon-"


def token() -> str:
    """A random pseudonym for a student id (unguessable, never derived from the id)."""
    return TOKEN_PREFIX + secrets.token_hex(8)


def _when(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment else None


def _find(session: Session, who: str) -> list[tuple[PlacementRound, PlacementStudent]]:
    who = who.strip()
    if not who:
        raise InvalidInput.single("geef een e-mailadres of studentnummer", field="student")
    query = (
        select(PlacementRound, PlacementStudent)
        .join(PlacementStudent, PlacementStudent.round_id == PlacementRound.id)
        .where(PlacementRound.anonymised_at.is_(None))
        .where(
            or_(
                PlacementStudent.student_id == who,
                func.lower(PlacementStudent.email) == who.lower(),
            )
        )
        .order_by(PlacementRound.id)
    )
    found = [(row[0], row[1]) for row in session.execute(query)]
    if not found:
        raise NotFound(f"er is geen student '{who}' in een stageronde")
    return found


def _student_data(
    session: Session, stored: PlacementRound, student: PlacementStudent
) -> dict[str, object]:
    rid, sid = stored.id, student.student_id

    def ranked(table: type[PlacementPreference | PlacementFollowupPreference]) -> list[str]:
        return list(
            session.scalars(
                select(table.offer_id)
                .where(table.round_id == rid, table.student_id == sid)
                .order_by(table.rank)
            )
        )

    assignments = [
        {
            "run_id": run_id,
            "kind": kind,
            "created_at": _when(created_at),
            "offer_id": offer_id,
            "rank_obtained": rank,
            "lottery_number": lottery,
        }
        for run_id, kind, created_at, offer_id, rank, lottery in session.execute(
            select(
                PlacementRun.id,
                PlacementRun.kind,
                PlacementRun.created_at,
                PlacementAssignment.offer_id,
                PlacementAssignment.rank_obtained,
                PlacementAssignment.lottery_number,
            )
            .join(PlacementAssignment, PlacementAssignment.run_id == PlacementRun.id)
            .where(PlacementRun.round_id == rid, PlacementAssignment.student_id == sid)
            .order_by(PlacementRun.id)
        )
    ]
    outcome = session.get(PlacementOutcome, (rid, sid))
    return {
        "round_id": rid,
        "round_name": stored.name,
        "record": {
            "student_id": sid,
            "name": student.name,
            "email": student.email,
            "user_id": student.user_id,
            "school": student.school,
            "programme": student.programme,
            "level": student.level,
            "study_year": student.study_year,
            "municipality": student.municipality,
            "reminded_at": _when(student.reminded_at),
        },
        "preferences": ranked(PlacementPreference),
        "followup_preferences": ranked(PlacementFollowupPreference),
        "assignments": assignments,
        "outcome": None
        if outcome is None
        else {
            "offer_id": outcome.offer_id,
            "confirmed_at": _when(outcome.confirmed_at),
            "mentor": outcome.mentor,
            "student_score": outcome.student_score,
            "student_comment": outcome.student_comment,
            "organisation_score": outcome.organisation_score,
            "organisation_comment": outcome.organisation_comment,
            "job_offered": outcome.job_offered,
        },
    }


@dataclass(frozen=True)
class StudentExport:
    """Everything stored about one person in the placement rounds (one entry per round)."""

    query: str
    exported_at: datetime
    rounds: tuple[dict[str, object], ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "query": self.query,
            "exported_at": _when(self.exported_at),
            "rounds": list(self.rounds),
        }


def export_student(uow: UnitOfWork, actor: Actor, email_or_student_id: str) -> StudentExport:
    """Every round's record, lists, run rows and outcome of one student (administrators)."""
    require(actor, "person.export")
    with uow:
        session = uow.session
        rounds = tuple(
            _student_data(session, stored, student)
            for stored, student in _find(session, email_or_student_id)
        )
    return StudentExport(email_or_student_id.strip(), now(), rounds)


@dataclass(frozen=True)
class DeletedStudent:
    rounds: tuple[str, ...]
    preferences: int
    assignments_pseudonymised: int
    outcomes: int


def _rename(
    session: Session, model: type[object], where: ColumnElement[bool], mapping: dict[str, str]
) -> int:
    """``student_id`` old -> new in the rows of ``model`` matching ``where`` (one statement,
    executed once per student); returns the rows changed."""
    if not mapping:
        return 0
    table = cast("Table", model.__table__)  # type: ignore[attr-defined]
    result = session.connection().execute(
        update(table)
        .where(where, table.c.student_id == bindparam("old"))
        .values(student_id=bindparam("new")),
        [{"old": old, "new": new} for old, new in mapping.items()],
    )
    return int(result.rowcount or 0)


def _pseudonymise(session: Session, round_id: int, mapping: dict[str, str]) -> int:
    """Replace student ids by tokens in the rows of every run of the round; returns rows."""
    runs = select(PlacementRun.id).where(PlacementRun.round_id == round_id)
    return _rename(session, PlacementAssignment, PlacementAssignment.run_id.in_(runs), mapping)


def _count(
    session: Session, table: type[PlacementPreference | PlacementOutcome], rid: int, sid: str
) -> int:
    return len(
        list(
            session.scalars(
                select(table.round_id).where(table.round_id == rid, table.student_id == sid)
            )
        )
    )


def delete_student(uow: UnitOfWork, actor: Actor, email_or_student_id: str) -> DeletedStudent:
    """Delete one student from every round, all or nothing (administrators). The rows of runs
    stay with a random token instead of the student id, so run statistics still reproduce."""
    require(actor, "person.delete")
    with uow:
        session = uow.session
        found = _find(session, email_or_student_id)
        preferences = outcomes = assignments = 0
        for stored, student in found:
            rid, sid = stored.id, student.student_id
            preferences += _count(session, PlacementPreference, rid, sid)
            outcomes += _count(session, PlacementOutcome, rid, sid)
            assignments += _pseudonymise(session, rid, {sid: token()})
            for table in (PlacementPreference, PlacementFollowupPreference, PlacementOutcome):
                session.execute(delete(table).where(table.round_id == rid, table.student_id == sid))
            session.execute(
                delete(PlacementStudent).where(
                    PlacementStudent.round_id == rid, PlacementStudent.student_id == sid
                )
            )
        uow.commit()
    return DeletedStudent(
        rounds=tuple(stored.name for stored, _ in found),
        preferences=preferences,
        assignments_pseudonymised=assignments,
        outcomes=outcomes,
    )


# --- retention: anonymising old rounds -----------------------------------------------------


@dataclass(frozen=True)
class AnonymisedRound:
    round_id: int
    name: str
    reference: datetime
    """The moment the retention counts from (planned publication, or creation)."""
    students: int

    def as_dict(self) -> dict[str, object]:
        return {
            "round_id": self.round_id,
            "name": self.name,
            "reference": _when(self.reference),
            "students": self.students,
        }


def retention_days() -> int:
    from krapte.settings import get_settings

    return get_settings().placement_retention_days


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _anonymise_round(session: Session, stored: PlacementRound, moment: datetime) -> None:
    rid = stored.id
    students = list(
        session.scalars(select(PlacementStudent).where(PlacementStudent.round_id == rid))
    )
    mapping = {student.student_id: token() for student in students}
    if students:
        session.execute(
            insert(PlacementStudent),
            [
                {
                    "round_id": rid, "student_id": mapping[s.student_id], "school": s.school,
                    "programme": s.programme, "level": s.level, "study_year": s.study_year,
                    "municipality": s.municipality, "name": "", "email": "", "user_id": None,
                    "reminded_at": None,
                }
                for s in students
            ],
        )  # fmt: skip
        for model in (PlacementPreference, PlacementFollowupPreference, PlacementOutcome):
            _rename(session, model, model.round_id == rid, mapping)
        _pseudonymise(session, rid, mapping)
        session.execute(
            delete(PlacementStudent).where(
                PlacementStudent.round_id == rid, PlacementStudent.student_id.in_(list(mapping))
            )
        )
    session.execute(
        update(PlacementOutcome)
        .where(PlacementOutcome.round_id == rid)
        .values(mentor="", student_comment="", organisation_comment="")
    )
    session.execute(update(PlacementRun).where(PlacementRun.round_id == rid).values(created_by=""))
    stored.anonymised_at = moment


def anonymise_rounds(
    uow: UnitOfWork,
    actor: Actor,
    *,
    days: int | None = None,
    dry_run: bool = False,
    at: datetime | None = None,
) -> list[AnonymisedRound]:
    """Anonymise every round whose publication (or creation) is older than the retention; with
    ``dry_run`` only say which rounds that would be. All or nothing."""
    require(actor, "round.anonymise")
    keep = retention_days() if days is None else days
    if keep < 0:
        raise InvalidInput.single("de bewaartermijn kan niet negatief zijn", field="dagen")
    moment = at or now()
    cutoff = moment - timedelta(days=keep)
    with uow:
        session = uow.session
        done = []
        for stored in _candidates(session):
            reference = _aware(stored.publish_at or stored.created_at)
            if reference >= cutoff:
                continue
            count = len(
                list(
                    session.scalars(
                        select(PlacementStudent.student_id).where(
                            PlacementStudent.round_id == stored.id
                        )
                    )
                )
            )
            done.append(AnonymisedRound(stored.id, stored.name, reference, count))
            if not dry_run:
                _anonymise_round(session, stored, moment)
        if not dry_run:
            uow.commit()
    return done


def _candidates(session: Session) -> Iterable[PlacementRound]:
    return list(
        session.scalars(
            select(PlacementRound)
            .where(PlacementRound.anonymised_at.is_(None))
            .order_by(PlacementRound.id)
        )
    )
