"""A site with a stored round, a signed-in coordinator or student (accounts' builders)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from accounts.builders import make_user, signed_in_client
from krapte.accounts.core.permissions import Role
from krapte.bootstrap import Container
from krapte.placement.rounds.students import link_student_accounts
from krapte.web.app import create_app
from placement.rounds.student_builders import ODISEE


def coordinator_client(container: Container, school: str = ODISEE) -> TestClient:
    email = f"coord@{school.lower()}.test"
    make_user(container, email, Role.SCHOOL, schools=[school], name="Coördinator")
    return signed_in_client(create_app(container), email)


def student_client(container: Container, number: int, *, link: bool = True) -> TestClient:
    """Student S<number>'s account (its address is the one the school gave); ``link``: linked to
    the student's record now (as the accounts capability does), else on the first page."""
    email = f"s{number}@school.test"
    user = make_user(container, email, Role.STUDENT, name=f"Student {number}")
    if link:
        link_student_accounts(container.unit_of_work(write=True), email, user.id)
    return signed_in_client(create_app(container), email)
