"""A small round with one account per role, a right and a wrong owner for every kind of owner.

The round is the bundled placement templates (four offers, students of several schools):

- organisations: ``OWN_ORGANISATION`` owns ``OWN_OFFER``, ``OTHER_ORGANISATION``
  ``OTHER_OFFER``;
- schools: ``OWN_SCHOOL`` has ``OWN_STUDENT``, ``OTHER_SCHOOL`` has ``OTHER_STUDENT``;
- students: the account ``student`` is ``OWN_STUDENT``, ``other_student`` is ``OTHER_STUDENT``.

Actor keys: ``anonymous``, ``admin``, ``round_admin``, ``analyst``, ``school`` (own school),
``other_school``, ``organisation`` (own organisation), ``other_organisation``, ``student``,
``other_student``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select, text, update

from accounts.builders import make_user, signed_in_client
from krapte.accounts.core.permissions import Role
from krapte.bootstrap import Container
from krapte.db.base import Base
from krapte.placement import round_service
from krapte.placement.core.calendar import Phase
from krapte.placement.service import InputPaths
from krapte.placement.tables import PlacementRound, PlacementStudent

OWN_ORGANISATION = "CAW Oost-Vlaanderen"
OTHER_ORGANISATION = "OCMW Aalst"
OWN_OFFER = "CAW-GENT-01"
OTHER_OFFER = "OCMW-AALST-01"
OWN_SCHOOL = "HOGENT"
OTHER_SCHOOL = "Arteveldehogeschool"
OWN_STUDENT = "ST-002"
OTHER_STUDENT = "ST-001"

ACCOUNTS: dict[str, tuple[Role, tuple[str, ...], tuple[str, ...]]] = {
    "admin": (Role.ADMIN, (), ()),
    "round_admin": (Role.ROUND_ADMIN, (), ()),
    "analyst": (Role.ANALYST, (), ()),
    "school": (Role.SCHOOL, (OWN_SCHOOL,), ()),
    "other_school": (Role.SCHOOL, (OTHER_SCHOOL,), ()),
    "organisation": (Role.ORGANISATION, (), (OWN_ORGANISATION,)),
    "other_organisation": (Role.ORGANISATION, (), (OTHER_ORGANISATION,)),
    "student": (Role.STUDENT, (), ()),
    "other_student": (Role.STUDENT, (), ()),
}
ACTORS = ("anonymous", *ACCOUNTS)


def email(key: str) -> str:
    return f"{key.replace('_', '-')}@voorbeeld.be"


@dataclass
class World:
    container: Container
    app: FastAPI
    round_id: int
    user_ids: dict[str, int]
    _clients: dict[str, TestClient] = field(default_factory=dict)

    def client(self, key: str) -> TestClient:
        """A client signed in as ``key`` (``anonymous``: not signed in), made once."""
        if key not in self._clients:
            if key == "anonymous":
                self._clients[key] = TestClient(self.app, follow_redirects=False)
            else:
                self._clients[key] = signed_in_client(self.app, email(key))
        return self._clients[key]

    def sign_in_all(self) -> None:
        """Sign every actor in now (signing in writes the time of the last sign-in)."""
        for key in ACTORS:
            self.client(key)

    def set_phase(self, phase: Phase) -> None:
        with self.container.unit_of_work(write=True) as uow:
            uow.session.execute(
                update(PlacementRound)
                .where(PlacementRound.id == self.round_id)
                .values(phase=phase.value)
            )
            uow.commit()


def _import_templates(container: Container, folder: Path, name: str) -> int:
    templates = files("krapte") / "data" / "placement_templates"
    paths = {}
    for kind in ("offers", "students", "preferences"):
        path = folder / f"{kind}.csv"
        path.write_text((templates / f"{kind}.csv").read_text(encoding="utf-8"), "utf-8")
        paths[kind] = path
    round_service.import_round(container.unit_of_work(write=True), name, InputPaths(**paths))
    with container.unit_of_work() as uow:
        found = uow.session.scalar(select(PlacementRound.id).where(PlacementRound.name == name))
    assert found is not None
    return found


def build_world(container: Container, app: FastAPI, folder: Path) -> World:
    """The templates' round in phase draft, and one account per key of :data:`ACCOUNTS`."""
    round_id = _import_templates(container, folder, "Testronde")
    user_ids = {
        key: make_user(container, email(key), role, schools, organisations).id
        for key, (role, schools, organisations) in ACCOUNTS.items()
    }
    with container.unit_of_work(write=True) as uow:
        for key, student in (("student", OWN_STUDENT), ("other_student", OTHER_STUDENT)):
            uow.session.execute(
                update(PlacementStudent)
                .where(
                    PlacementStudent.round_id == round_id,
                    PlacementStudent.student_id == student,
                )
                .values(user_id=user_ids[key], email=email(key), name=f"Student {student}")
            )
        uow.commit()
    return World(container, app, round_id, user_ids)


#: Tables whose rows change by merely being signed in (sessions, sign-in attempts), and columns
#: that change by merely using an API token.
_VOLATILE = ("account_session", "account_login_attempt")
_VOLATILE_COLUMNS = {("account_api_token", "last_used_at")}


def snapshot(container: Container) -> str:
    """A digest of every row of every table but the volatile ones: equal digests, no change."""
    digest = hashlib.sha256()
    with container.unit_of_work() as uow:
        for table in sorted(Base.metadata.sorted_tables, key=lambda t: t.name):
            if table.name in _VOLATILE:
                continue
            columns = ", ".join(
                f'"{c.name}"'
                for c in table.columns
                if (table.name, c.name) not in _VOLATILE_COLUMNS
            )
            rows = uow.session.execute(
                text(f'SELECT {columns} FROM "{table.name}" ORDER BY {columns}')
            ).all()
            digest.update(f"{table.name}:{rows!r}".encode())
    return digest.hexdigest()
