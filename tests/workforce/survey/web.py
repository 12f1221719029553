"""A site with an organisation user, another organisation's user, an analyst and an
administrator, and helpers to answer a link as an anonymous browser does."""

from __future__ import annotations

import re

from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx2 import Response

from accounts.builders import make_user
from krapte.accounts import service
from krapte.accounts.core.permissions import SYSTEM, Role
from krapte.bootstrap import Container
from workforce.survey.builders import CALM, ORGANISATION, OTHER

ORG_EMAIL = "org@debrug.be"
OTHER_EMAIL = "org@elders.be"
ANALYST_EMAIL = "analist@vlaanderen.be"
ADMIN_EMAIL = "beheer@krapte.be"
_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def add_people(container: Container) -> None:
    make_user(container, ORG_EMAIL, Role.ORGANISATION, organisations=[ORGANISATION])
    make_user(container, OTHER_EMAIL, Role.ORGANISATION, organisations=[OTHER])
    make_user(container, ANALYST_EMAIL, Role.ANALYST)
    make_user(container, ADMIN_EMAIL, Role.ADMIN)


def answer_link(client: TestClient, url: str, **answers: str) -> Response:
    """Open the link's form as a browser without an account, then send it."""
    path = url.removeprefix("http://testserver")
    page = client.get(path)
    found = _TOKEN.search(page.text)
    assert found, f"no form on {path} ({page.status_code})"
    data = {**CALM, **answers, "csrf_token": found.group(1)}
    return client.post(path, data=data)


def api_client(app: FastAPI, container: Container, email: str) -> TestClient:
    """A client that calls the API with a personal API token of ``email``."""
    user = service.find_user(container.unit_of_work(), SYSTEM, email)
    made = service.create_api_token(
        container.unit_of_work(write=True), SYSTEM, "test", user_id=user.id
    )
    return TestClient(app, headers={"authorization": f"Bearer {made.secret}"})
