"""Who reaches what of the workforce monitor, pages and API, for every kind of actor.

An organisation's users read and import only their own organisation; an analyst reads only the
protected sector tables (breakdowns by two dimensions too); nobody signed in reads the public
sector view only. A refused import leaves the store exactly as it was, and no answer ever holds
a pseudonym (raw staff records never leave the store).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from accounts.builders import make_user
from krapte.accounts import service as accounts
from krapte.accounts.core.permissions import Role
from krapte.bootstrap import Container, bootstrap
from krapte.settings import Settings
from krapte.web.app import create_app
from krapte.workforce.tables import WorkforceRecord
from workforce.builders import import_file, organisation, staff, staff_file

OWN = "CAW Oost"
OTHER = "Jeugdhulp West"
PEOPLE = {
    "own": (Role.ORGANISATION, [OWN]),
    "other": (Role.ORGANISATION, [OTHER]),
    "analyst": (Role.ANALYST, []),
    "admin": (Role.ADMIN, []),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Container, dict[str, str]]]:
    folder = tmp_path_factory.mktemp("site")
    container = bootstrap(Settings(home=folder / "home"))
    container.store.initialise()
    tokens = {}
    for key, (role, organisations) in PEOPLE.items():
        user = make_user(container, f"{key}@voorbeeld.be", role, organisations=organisations)
        made = accounts.create_api_token(container.unit_of_work(write=True), user.actor(), "test")
        tokens[key] = made.secret
    rows = [staff(pseudonym=f"GEHEIM{i}", start_date="2021-01-01") for i in range(12)]
    for name in (OWN, OTHER):
        organisation(container, name)
        import_file(container, name, staff_file(folder, rows, name=f"{name}.csv"))
    _apps.clear()
    yield container, tokens
    container.store.dispose()


_apps: dict[int, FastAPI] = {}


def _client(container: Container, token: str | None) -> TestClient:
    """A client of the site (one app per store) that sends ``token`` as its API key."""
    app = _apps.setdefault(id(container), create_app(container))
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return TestClient(app, headers=headers, follow_redirects=False)


def _records(container: Container) -> int:
    with container.unit_of_work() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(WorkforceRecord)) or 0)


#: path -> who gets 200; anyone else gets 403 (signed in) or 401 / the sign-in page (nobody).
READS = {
    "/werkkracht/CAW%20Oost": {"own", "admin"},
    "/werkkracht/CAW%20Oost/verloop.svg": {"own", "admin"},
    "/werkkracht/CAW%20Oost/teammix.svg": {"own", "admin"},
    "/werkkracht/CAW%20Oost/importeren": {"own", "admin"},
    "/werkkracht/CAW%20Oost/personeel": {"own", "admin"},
    "/api/v1/werkkracht/organisaties/CAW%20Oost": {"own", "admin"},
    "/werkkracht/sector": {None, "own", "other", "analyst", "admin"},
    "/werkkracht/sector/grafiek.svg": {None, "own", "other", "analyst", "admin"},
    "/api/v1/werkkracht/sector": {None, "own", "other", "analyst", "admin"},
    "/werkkracht/sector?indeling=subsector,province": {"analyst", "admin"},
    "/api/v1/werkkracht/sector?indeling=subsector,province": {"analyst", "admin"},
}


@pytest.mark.parametrize("path", list(READS))
@pytest.mark.parametrize("who", [None, "own", "other", "analyst", "admin"])
def test_each_actor_reads_only_what_is_theirs(
    site: tuple[Container, dict[str, str]], path: str, who: str | None
) -> None:
    container, tokens = site
    answer = _client(container, tokens[who] if who else None).get(path)
    if who in READS[path]:
        assert answer.status_code == 200, answer.text[:300]
        assert "GEHEIM" not in answer.text
    elif who:
        assert answer.status_code == 403, answer.text[:300]
    elif path.startswith("/api/"):
        assert answer.status_code == 401
    else:  # a page without a session: to the sign-in page, and back after it
        assert answer.status_code == 303
        assert answer.headers["location"].startswith("/aanmelden")


@pytest.mark.parametrize("who", [None, "other", "analyst"])
def test_an_import_by_anyone_but_the_organisation_is_refused_and_changes_nothing(
    site: tuple[Container, dict[str, str]], who: str | None, tmp_path: Path
) -> None:
    container, tokens = site
    before = _records(container)
    path = staff_file(tmp_path, [staff(pseudonym="NIEUW")])
    answer = _client(container, tokens[who] if who else None).post(
        f"/api/v1/werkkracht/organisaties/{OWN}/personeel",
        files={"bestand": ("personeel.csv", path.read_bytes(), "text/csv")},
    )
    assert answer.status_code == 403  # nobody: a POST without a token fails the CSRF check
    assert _records(container) == before


def test_the_organisation_list_shows_only_ones_own_organisations(
    site: tuple[Container, dict[str, str]],
) -> None:
    container, tokens = site
    own = _client(container, tokens["own"]).get("/api/v1/werkkracht/organisaties").json()
    assert [o["name"] for o in own] == [OWN]
    assert _client(container, tokens["analyst"]).get("/api/v1/werkkracht/organisaties").json() == []
    every = _client(container, tokens["admin"]).get("/api/v1/werkkracht/organisaties").json()
    assert sorted(o["name"] for o in every) == [OWN, OTHER]
    assert _client(container, None).get("/api/v1/werkkracht/organisaties").status_code == 401
