"""The demo: a round "Demoronde <year>" from the generator, and one account per role.

Everything is synthetic: organisations, schools and students come from
:mod:`krapte.placement.core.generator`; students get names combined deterministically from a
small fixed list of Flemish first and last names and e-mail addresses under the reserved domain
``demo.example``. The round is in the phase "voorkeuren open" with dates around today. Running it
again replaces the demo round and gives the demo accounts new passwords, printed once and written
to ``KRAPTE_HOME/demo-accounts.txt`` (readable by its owner only).

Accounts are made through the accounts capability's service (``add_user``, or ``set_password``
for a demo account that exists already: it keeps its role and scope).
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import cast

from sqlalchemy import Table, bindparam, delete, select, update

from krapte.accounts.core.permissions import Actor, Role, require
from krapte.db.uow import UnitOfWork
from krapte.errors import InvalidInput
from krapte.placement import repository
from krapte.placement.core.calendar import Phase
from krapte.placement.core.generator import generate
from krapte.placement.core.validation import loaded_from_records
from krapte.placement.rounds.state import now
from krapte.placement.tables import PlacementOffer, PlacementStudent
from krapte.placement.tables import PlacementRound as RoundRow

DEFAULT_STUDENTS = 2000
MAX_STUDENTS = 200_000
DEMO_DOMAIN = "demo.example"
ACCOUNTS_FILE = "demo-accounts.txt"

FIRST_NAMES = (
    "Lotte", "Noah", "Emma", "Arthur", "Louise", "Jules", "Marie", "Lucas", "Elise", "Finn",
    "Fien", "Mathis", "Nora", "Wout", "Hanne", "Seppe", "Lena", "Vic", "Jana", "Rune",
)  # fmt: skip
LAST_NAMES = (
    "Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens",
    "Wouters", "De Smet", "Dubois", "Hermans", "Aerts", "Pauwels", "Vermeulen", "Van Damme",
    "Verhoeven", "Desmet", "Lambrechts", "Cools",
)  # fmt: skip

#: The demo accounts: role, e-mail's local part, display name.
ACCOUNTS: tuple[tuple[Role, str, str], ...] = (
    (Role.ADMIN, "beheerder", "Demo beheerder"),
    (Role.ROUND_ADMIN, "rondebeheerder", "Demo rondebeheerder"),
    (Role.ANALYST, "analist", "Demo analist"),
    (Role.SCHOOL, "school", "Demo stagecoördinator"),
    (Role.ORGANISATION, "organisatie", "Demo organisatie"),
    (Role.STUDENT, "student", "Demo student"),
)


def round_name(year: int) -> str:
    return f"Demoronde {year}"


def person_name(index: int) -> str:
    """A synthetic name for student ``index`` (deterministic; no real person's data)."""
    first = FIRST_NAMES[index % len(FIRST_NAMES)]
    last = LAST_NAMES[(index // len(FIRST_NAMES) + 3 * index) % len(LAST_NAMES)]
    return f"{first} {last}"


def person_email(index: int, name: str) -> str:
    local = name.lower().replace(" ", "")
    return f"{local}.{index + 1}@student.{DEMO_DOMAIN}"


@dataclass(frozen=True)
class DemoAccount:
    role: str
    email: str
    password: str
    detail: str = ""

    def line(self) -> str:
        extra = f"  ({self.detail})" if self.detail else ""
        return f"{self.role:<20} {self.email:<40} {self.password}{extra}"


@dataclass(frozen=True)
class DemoResult:
    round_id: int
    round_name: str
    students: int
    offers: int
    replaced: bool
    accounts: tuple[DemoAccount, ...]
    accounts_file: Path | None


def demo_round_exists(uow: UnitOfWork, year: int | None = None) -> bool:
    """Whether the demo round of ``year`` (this year by default) is stored."""
    with uow:
        return repository.round_exists(uow.session, round_name(year or now().year))


def _make_accounts(
    uow: UnitOfWork, actor: Actor, school: str, organisation: str
) -> list[tuple[DemoAccount, int]]:
    """One account per role, each with a new password (an existing demo account gets a new
    password and keeps its role); the student's account is last."""
    from krapte.accounts import service as accounts
    from krapte.errors import NotFound

    made = []
    for role, local, name in ACCOUNTS:
        email = f"{local}@{DEMO_DOMAIN}"
        password = secrets.token_urlsafe(12)
        scopes = {Role.SCHOOL: (school,), Role.ORGANISATION: (organisation,)}.get(role, ())
        try:
            user = accounts.set_password(uow, actor, email, password)
        except NotFound:
            user = accounts.add_user(uow, actor, email, name, role, scopes, password)
        detail = scopes[0] if scopes else ""
        made.append((DemoAccount(role.value, email, password, detail), user.id))
    return made


def _write_accounts_file(path: Path, accounts: tuple[DemoAccount, ...]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "".join(account.line() + "\n" for account in accounts)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)
    path.chmod(0o600)


def load_demo(
    uow: UnitOfWork,
    actor: Actor,
    *,
    students: int = DEFAULT_STUDENTS,
    offers: int | None = None,
    seed: int = 2026,
    home: Path | None = None,
    at: datetime | None = None,
) -> DemoResult:
    """Store (or replace) the demo round and make the demo accounts, all or nothing."""
    require(actor, "demo.load")
    count_offers = max(1, students // 5) if offers is None else offers
    problems = []
    if not 1 <= students <= MAX_STUDENTS:
        problems.append(f"het aantal studenten moet tussen 1 en {MAX_STUDENTS} liggen")
    if not 1 <= count_offers <= MAX_STUDENTS:
        problems.append(f"het aantal aanbiedingen moet tussen 1 en {MAX_STUDENTS} liggen")
    if problems:
        raise InvalidInput.single("; ".join(problems), field="studenten")
    moment = at or now()
    name = round_name(moment.year)
    records = generate(students, count_offers, seed)
    loaded = loaded_from_records(records)
    with uow:
        session = uow.session
        replaced = repository.round_exists(session, name)
        if replaced:
            session.execute(delete(RoundRow).where(RoundRow.name == name))
        round_id = repository.store_round(session, name, loaded, max_choices=10)
        stored = session.get(RoundRow, round_id)
        assert stored is not None
        stored.phase = Phase.RANKINGS_OPEN.value
        stored.min_choices = 3
        stored.description = (
            "Een demoronde met verzonnen organisaties, scholen en studenten: probeer de "
            "stageplaatsing uit."
        )
        stored.offers_open_at = moment - timedelta(days=21)
        stored.rankings_open_at = moment - timedelta(days=3)
        stored.rankings_close_at = moment + timedelta(days=14)
        stored.publish_at = moment + timedelta(days=21)
        ids = sorted(s.student_id for s in records.students)
        people = [person_name(i) for i in range(len(ids))]
        table = cast("Table", PlacementStudent.__table__)
        session.connection().execute(
            update(table)
            .where(table.c.round_id == round_id, table.c.student_id == bindparam("sid"))
            .values(name=bindparam("person"), email=bindparam("mail")),
            [
                {"sid": sid, "person": person, "mail": person_email(i, person)}
                for i, (sid, person) in enumerate(zip(ids, people, strict=True))
            ],
        )
        first = session.scalars(
            select(PlacementStudent)
            .where(PlacementStudent.round_id == round_id)
            .order_by(PlacementStudent.student_id)
            .limit(1)
        ).one()
        organisation = session.scalars(
            select(PlacementOffer.organisation)
            .where(PlacementOffer.round_id == round_id)
            .order_by(PlacementOffer.position)
            .limit(1)
        ).one()
        made = _make_accounts(uow, actor, first.school, organisation)
        if made:
            student_account, user_id = made[-1]
            first.user_id = user_id
            first.email = student_account.email
            first.name = "Demo student"
        accounts = tuple(account for account, _ in made)
        path = None
        if accounts:
            from krapte.settings import get_settings

            path = (home or get_settings().home) / ACCOUNTS_FILE
            target = path
            uow.after_commit(lambda: _write_accounts_file(target, accounts))
        uow.commit()
    return DemoResult(
        round_id=round_id,
        round_name=name,
        students=len(records.students),
        offers=len(records.offers),
        replaced=replaced,
        accounts=accounts,
        accounts_file=path,
    )
