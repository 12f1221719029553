"""The school's side of a round: its students (import, add one, list), reminders, account links.

A school coordinator acts only for the schools on their account (:attr:`Actor.schools`): the
permission function decides per student (``Resource("student", school=...)``). Files and the
browser's form go through the same validation as the command line's students file
(:func:`krapte.placement.core.validation.parse_students`); a row for another school is refused;
an import is all or nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import numpy as np
from sqlalchemy import func, insert, select, update

from krapte.accounts.core.permissions import Actor, Resource, allowed, require
from krapte.errors import InvalidInput, NotFound
from krapte.placement.core.validation import STUDENT_COLUMNS, Problems, parse_students
from krapte.placement.rounds.eligibility import (
    as_student,
    eligibility,
    required_choices,
    round_offers,
    student_resource,
)
from krapte.placement.rounds.state import RoundInfo, authorise, get_round, now
from krapte.placement.tables import PlacementPreference, PlacementStudent
from krapte.tabular import Table, read_table

if TYPE_CHECKING:
    from krapte.db.uow import UnitOfWork

PERSON_COLUMNS = ("name", "email")
COLUMNS = STUDENT_COLUMNS + PERSON_COLUMNS
FORM = "formulier"
MAX_NAME = 200
MAX_EMAIL = 320
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
REMINDER_INTERVAL = timedelta(hours=1)
BRUSSELS = ZoneInfo("Europe/Brussels")

SendMessage = Callable[[str, str, str], None]
"""``send(to, subject, body)``: the accounts capability's mail, bound to the settings."""


@dataclass(frozen=True)
class StudentRow:
    student_id: str
    name: str
    email: str
    school: str
    programme: str
    level: str
    study_year: int
    municipality: str
    choices: int
    required: int
    reminded_at: datetime | None
    linked: bool

    @property
    def complete(self) -> bool:
        return self.choices >= self.required

    def as_dict(self) -> dict[str, object]:
        return {
            "student_id": self.student_id,
            "name": self.name,
            "email": self.email,
            "school": self.school,
            "programme": self.programme,
            "level": self.level,
            "study_year": self.study_year,
            "municipality": self.municipality,
            "choices": self.choices,
            "required": self.required,
            "complete": self.complete,
            "reminded_at": self.reminded_at.isoformat(timespec="minutes")
            if self.reminded_at
            else None,
            "linked": self.linked,
        }


def _readable(actor: Actor) -> Callable[[PlacementStudent], bool]:
    return lambda stored: allowed(actor, "student.read", student_resource(stored))


def visible_students(uow: UnitOfWork, actor: Actor, round_id: int) -> list[PlacementStudent]:
    """The round's students the actor may read; refuse before reading when they may read none.

    Whoever may read any student (the round's managers) gets all; a coordinator the students of
    their schools (filtered in SQL, then each checked by the permission function)."""
    anyone = Resource("student")
    everyone = allowed(actor, "student.read", anyone)
    if not everyone and not actor.schools:
        require(actor, "student.read", anyone)
    query = select(PlacementStudent).where(PlacementStudent.round_id == round_id)
    if not everyone:
        query = query.where(PlacementStudent.school.in_(sorted(actor.schools)))
    rows = uow.session.scalars(query.order_by(PlacementStudent.student_id)).all()
    readable = [row for row in rows if _readable(actor)(row)]
    if not everyone and not readable and rows:
        require(actor, "student.read", student_resource(rows[0]))
    return readable


def _rows(uow: UnitOfWork, round_id: int, students: list[PlacementStudent]) -> list[StudentRow]:
    info = get_round(uow.session, round_id)
    counts = dict(
        uow.session.execute(
            select(PlacementPreference.student_id, func.count())
            .where(PlacementPreference.round_id == round_id)
            .group_by(PlacementPreference.student_id)
        ).all()
    )
    offers = round_offers(uow.session, round_id)
    eligible = eligibility(offers, [as_student(s) for s in students]).sum(axis=1)
    return [
        StudentRow(
            student_id=s.student_id, name=s.name, email=s.email, school=s.school,
            programme=s.programme, level=s.level, study_year=s.study_year,
            municipality=s.municipality, choices=int(counts.get(s.student_id, 0)),
            required=required_choices(info.min_choices, int(n)),
            reminded_at=s.reminded_at, linked=s.user_id is not None,
        )
        for s, n in zip(students, np.asarray(eligible).tolist(), strict=True)
    ]  # fmt: skip


def round_of(uow: UnitOfWork, round_id: int) -> RoundInfo:
    """The round's calendar and list lengths (public: no personal data)."""
    with uow:
        return get_round(uow.session, round_id)


def list_students(uow: UnitOfWork, actor: Actor, round_id: int) -> list[StudentRow]:
    """The students of the actor's schools (every student for the round's managers)."""
    with uow:
        get_round(uow.session, round_id)
        return _rows(uow, round_id, visible_students(uow, actor, round_id))


# --- adding students: one by the form, many from a file --------------------------------------


def _table_of_form(form: Mapping[str, str]) -> Table:
    import pyarrow as pa

    return Table(
        FORM,
        list(COLUMNS),
        [pa.array([str(form.get(column, "")).strip()], pa.string()) for column in COLUMNS],
        first_row=1,
    )


def _person_problems(table: Table, problems: Problems) -> None:
    names, emails = table.texts("name"), table.texts("email")
    for index, (name, email) in enumerate(zip(names, emails, strict=True)):
        if not name.strip():
            problems.add(table.problem(index, "name", "lege naam"))
        elif len(name) > MAX_NAME:
            problems.add(table.problem(index, "name", f"te lang: hoogstens {MAX_NAME} tekens"))
        if email.strip() and (len(email) > MAX_EMAIL or not EMAIL.match(email.strip())):
            problems.add(table.problem(index, "email", f"geen geldig e-mailadres: '{email}'"))


def _validated(
    uow: UnitOfWork, actor: Actor, round_id: int, table: Table
) -> list[dict[str, object]]:
    """The table's students as rows to insert, or InvalidInput with every problem."""
    missing = table.missing(COLUMNS)
    if missing:
        raise InvalidInput(missing)
    problems = Problems()
    columns = parse_students(table, problems)
    _person_problems(table, problems)
    ids, schools = table.texts("student_id"), table.texts("school")
    existing = set(
        uow.session.scalars(
            select(PlacementStudent.student_id).where(PlacementStudent.round_id == round_id)
        )
    )
    for index, (student_id, school) in enumerate(zip(ids, schools, strict=True)):
        if school.strip() and not allowed(
            actor, "student.write", Resource("student", school=school.strip())
        ):
            problems.add(
                table.problem(index, "school", f"'{school.strip()}' is niet een van jouw scholen")
            )
        if student_id.strip() in existing:
            problems.add(
                table.problem(
                    index, "student_id", f"student '{student_id.strip()}' is al ingeschreven"
                )
            )
    if problems:
        raise problems.error()
    person = {
        student_id.strip(): (name.strip(), email.strip().lower())
        for student_id, name, email in zip(
            ids, table.texts("name"), table.texts("email"), strict=True
        )
    }
    rows: list[dict[str, object]] = []
    for student in columns:
        name, email = person[student.student_id]
        rows.append(
            {
                "round_id": round_id, "student_id": student.student_id, "school": student.school,
                "programme": student.programme, "level": student.level,
                "study_year": student.study_year, "municipality": student.municipality,
                "name": name, "email": email,
            }
        )  # fmt: skip
    return rows


def _store(uow: UnitOfWork, actor: Actor, round_id: int, table: Table) -> int:
    with uow:
        info = get_round(uow.session, round_id)
        # Who first: someone who may write no student at all learns nothing about the file.
        if not allowed(actor, "student.write", Resource("student")) and not actor.schools:
            require(actor, "student.write", Resource("student"))
        authorise(actor, "student.write", info, _any_school(actor))
        rows = _validated(uow, actor, round_id, table)
        if rows:
            uow.session.execute(insert(PlacementStudent), rows)
        uow.commit()
        return len(rows)


def _any_school(actor: Actor) -> Resource:
    return Resource("student", school=min(actor.schools) if actor.schools else "")


def add_student(uow: UnitOfWork, actor: Actor, round_id: int, form: Mapping[str, str]) -> int:
    """Add one student from the browser's form (fields named like the file's columns)."""
    return _store(uow, actor, round_id, _table_of_form(form))


def import_students(
    uow: UnitOfWork, actor: Actor, round_id: int, path: Path, sheet: str | None = None
) -> int:
    """Add every student of a CSV or Excel file; all or nothing. Returns how many."""
    table = read_table(path, sheet=sheet)
    return _store(uow, actor, round_id, table)


# --- reminders and accounts ------------------------------------------------------------------


@dataclass(frozen=True)
class Reminded:
    sent: tuple[str, ...]
    skipped: tuple[str, ...]
    """Already reminded within the hour, complete, or without an e-mail address."""


REMINDER_SUBJECT = "Herinnering: vul je lijst van stageplaatsen aan"


def _reminder_body(name: str, round_name: str, deadline: datetime | None) -> str:
    local = deadline.astimezone(BRUSSELS) if deadline else None
    until = f" vóór {local:%d/%m/%Y} om {local:%H:%M}" if local else ""
    return (
        f"Dag {name},\n\nJe lijst van stageplaatsen voor '{round_name}' is nog niet volledig. "
        f"Meld je aan en vul je lijst aan{until}.\n\nMet vriendelijke groeten,\nje stagecoördinator"
    )


def remind_students(
    uow: UnitOfWork,
    actor: Actor,
    round_id: int,
    student_ids: list[str],
    send: SendMessage,
) -> Reminded:
    """Send a Dutch reminder to each listed student whose list is incomplete; at most once per
    hour per student. Every student must be the actor's (Forbidden, nothing sent otherwise)."""
    with uow:
        info = get_round(uow.session, round_id)
        stored = uow.session.scalars(
            select(PlacementStudent).where(
                PlacementStudent.round_id == round_id,
                PlacementStudent.student_id.in_(student_ids),
            )
        ).all()
        if len(stored) != len(set(student_ids)):
            require(actor, "student.remind", Resource("student"))
            raise NotFound("een van de gekozen studenten bestaat niet in deze ronde")
        for student in stored:
            authorise(actor, "student.remind", info, student_resource(student))
        moment = now()
        rows = {row.student_id: row for row in _rows(uow, round_id, list(stored))}
        sent: list[str] = []
        skipped: list[str] = []
        for student in stored:
            last = student.reminded_at
            if last is not None and last.tzinfo is None:
                last = last.replace(tzinfo=moment.tzinfo)
            recent = last is not None and moment - last < REMINDER_INTERVAL
            if recent or rows[student.student_id].complete or not student.email:
                skipped.append(student.student_id)
                continue
            student.reminded_at = moment
            sent.append(student.student_id)
            body = _reminder_body(student.name, info.name, info.calendar.rankings_close_at)
            uow.after_commit(partial(send, student.email, REMINDER_SUBJECT, body))
        uow.commit()
        return Reminded(sent=tuple(sent), skipped=tuple(skipped))


def link_student_accounts(uow: UnitOfWork, email: str, user_id: int) -> int:
    """Link the account ``user_id`` to its student record in every round where exactly one
    unlinked record has this e-mail address and the account has no record yet (the accounts
    capability calls this when an account is made or signs in). Returns how many it linked.

    A round where two unlinked records carry the address is left alone: which one is the
    student's own is for their school to say, not for whoever typed the address last.
    """
    address = email.strip().lower()
    if not address:
        return 0
    with uow:
        session = uow.session
        linked = set(
            session.scalars(
                select(PlacementStudent.round_id).where(PlacementStudent.user_id == user_id)
            )
        )
        candidates: dict[int, list[str]] = {}
        for round_id, student_id in session.execute(
            select(PlacementStudent.round_id, PlacementStudent.student_id).where(
                func.lower(PlacementStudent.email) == address, PlacementStudent.user_id.is_(None)
            )
        ):
            if round_id not in linked:
                candidates.setdefault(round_id, []).append(student_id)
        chosen = {rid: ids[0] for rid, ids in candidates.items() if len(ids) == 1}
        for round_id, student_id in chosen.items():
            session.execute(
                update(PlacementStudent)
                .where(
                    PlacementStudent.round_id == round_id,
                    PlacementStudent.student_id == student_id,
                    PlacementStudent.user_id.is_(None),
                )
                .values(user_id=user_id)
            )
        uow.commit()
        return len(chosen)
