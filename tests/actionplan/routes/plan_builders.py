"""Tiny builders for the action plan's route tests: a site with one editor per role and an
action on recommendation 36 owned by "Vzw Stage", and a digest of the plan's tables."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import text

from accounts.builders import make_user, signed_in_client
from krapte.accounts.core.permissions import SYSTEM, Role
from krapte.actionplan import service
from krapte.bootstrap import Container
from krapte.web.app import create_app

OWNER = "Vzw Stage"
OTHER = "Vzw Anders"
ANALYST = "analist@voorbeeld.be"
ADMIN = "beheer@voorbeeld.be"
OWNER_USER = "trekker@voorbeeld.be"
OTHER_USER = "ander@voorbeeld.be"


@dataclass
class Site:
    container: Container
    app: FastAPI

    def client(self, email: str | None = None) -> TestClient:
        """A client signed in as ``email``; anonymous without one."""
        if email is None:
            return TestClient(self.app, follow_redirects=False)
        return signed_in_client(self.app, email)


def build_site(container: Container, *, with_action: bool = True) -> Site:
    make_user(container, ANALYST, Role.ANALYST)
    make_user(container, ADMIN, Role.ADMIN)
    make_user(container, OWNER_USER, Role.ORGANISATION, organisations=[OWNER])
    make_user(container, OTHER_USER, Role.ORGANISATION, organisations=[OTHER])
    if with_action:
        add_action(
            container, 36, "Gedeeld stagekader", start=date(2026, 2, 1), due=date(2027, 6, 30)
        )
    return Site(container, create_app(container))


def add_action(
    container: Container,
    number: int,
    title: str,
    *,
    owner: str = OWNER,
    start: date | None = None,
    due: date | None = None,
) -> None:
    new = service.NewAction(title, owner, "stagecoördinator", start, due)
    service.add_action(container.unit_of_work(write=True), SYSTEM, number, new)


def plan_tables(container: Container) -> list[tuple[object, ...]]:
    """Every row of the action plan's tables, to compare before and after a refusal."""
    with container.store.engine.connect() as connection:
        actions = connection.execute(text("SELECT * FROM actionplan_action ORDER BY id")).all()
        events = connection.execute(text("SELECT * FROM actionplan_event ORDER BY id")).all()
    return [tuple(row) for row in (*actions, *events)]
