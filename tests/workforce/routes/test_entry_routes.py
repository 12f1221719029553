"""Entering records in the browser and through the API: the owner changes its own records; a
refused form shows a Dutch message beside the field; nobody else changes anything."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from accounts.builders import make_user, post_form, signed_in_client
from krapte.accounts import service as accounts
from krapte.accounts.core.permissions import Role
from krapte.bootstrap import Container, bootstrap
from krapte.settings import Settings
from krapte.web.app import create_app
from krapte.workforce.tables import WorkforceAbsence, WorkforceRecord
from workforce.builders import organisation

ROLES = {
    "org@voorbeeld.be": Role.ORGANISATION,
    "ander@voorbeeld.be": Role.ORGANISATION,
    "analist@voorbeeld.be": Role.ANALYST,
}
ORGS = {
    "org@voorbeeld.be": ["CAW Oost"],
    "ander@voorbeeld.be": ["Ander"],
    "analist@voorbeeld.be": [],
}
PAGE = "/werkkracht/CAW%20Oost/personeel"
API = "/api/v1/werkkracht/organisaties/CAW%20Oost/medewerkers"
NEW = {
    "pseudonym": "MW-0042",
    "function": "sociaal werker",
    "level": "master",
    "fte": "0,8",
    "birth_year_band": "1985-1989",
    "start_date": "2024-03-01",
}


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Container]:
    container = bootstrap(Settings(home=tmp_path / "home"))
    container.store.initialise()
    make_user(container, "org@voorbeeld.be", Role.ORGANISATION, organisations=["CAW Oost"])
    organisation(container, "CAW Oost")
    organisation(container, "Ander")
    yield container
    container.store.dispose()


def _stored(container: Container) -> tuple[tuple[object, ...], ...]:
    """Every record and absence as stored (to show that a refusal changed nothing)."""
    with container.unit_of_work() as uow:
        session = uow.session
        records = session.execute(
            select(WorkforceRecord.pseudonym, WorkforceRecord.end_day, WorkforceRecord.exit_reason)
        ).all()
        absences = session.scalar(select(func.count()).select_from(WorkforceAbsence))
    return (*(tuple(r) for r in records), (absences,))


def _api(container: Container, email: str | None) -> TestClient:
    """A client that sends the API key of ``email`` (none: nobody signed in)."""
    headers = {}
    if email:
        user = make_user(container, f"sleutel-{email}", ROLES[email], organisations=ORGS[email])
        made = accounts.create_api_token(container.unit_of_work(write=True), user.actor(), "test")
        headers = {"Authorization": f"Bearer {made.secret}"}
    return TestClient(create_app(container), headers=headers)


def test_an_organisation_adds_ends_and_records_an_absence_in_the_browser(site: Container) -> None:
    client = signed_in_client(create_app(site), "org@voorbeeld.be")
    added = post_form(client, f"{PAGE}/nieuw", NEW, token_from=PAGE)
    assert added.status_code == 303
    assert added.headers["location"] == f"{PAGE}?gedaan=nieuw"
    assert "De medewerker is toegevoegd." in client.get(added.headers["location"]).text
    absent = {"pseudonym": "MW-0042", "first_day": "2024-09-02", "last_day": "2024-12-20"}
    assert post_form(client, f"{PAGE}/afwezigheid", absent, token_from=PAGE).status_code == 303
    end = {"pseudonym": "MW-0042", "end_date": "2025-01-31", "exit_reason": "mentale belasting"}
    assert post_form(client, f"{PAGE}/einde", end, token_from=PAGE).status_code == 303
    assert _stored(site) == (("MW-0042", 20119, "mentale belasting"), (1,))
    page = client.get("/werkkracht/CAW%20Oost")
    assert "mentale belasting" in page.text
    assert "MW-0042" not in page.text


def test_a_refused_form_shows_the_problem_beside_the_field_and_stores_nothing(
    site: Container,
) -> None:
    client = signed_in_client(create_app(site), "org@voorbeeld.be")
    answer = post_form(
        client, f"{PAGE}/nieuw", {**NEW, "pseudonym": "JanPeeters", "fte": "2"}, token_from=PAGE
    )
    assert answer.status_code == 422
    assert 'id="nieuw-pseudonym-fout"' in answer.text
    assert 'id="nieuw-fte-fout"' in answer.text
    assert "minstens één cijfer" in answer.text
    assert 'value="JanPeeters"' in answer.text  # the form keeps what was typed
    assert _stored(site) == ((0,),)


def test_a_form_without_its_csrf_token_is_refused(site: Container) -> None:
    client = signed_in_client(create_app(site), "org@voorbeeld.be")
    assert client.post(f"{PAGE}/nieuw", data=NEW).status_code == 403
    assert _stored(site) == ((0,),)


def test_the_api_adds_and_ends_a_record_for_its_own_organisation(site: Container) -> None:
    client = _api(site, "org@voorbeeld.be")
    added = client.post(API, json=NEW)
    assert added.status_code == 201, added.text
    assert added.json()["fte"] == "0.8"
    ended = client.patch(
        f"{API}/MW-0042", json={"end_date": "2025-01-31", "exit_reason": "pensioen"}
    )
    assert ended.status_code == 200, ended.text
    assert ended.json()["end_date"] == "2025-01-31"
    later = {"end_date": "2025-02-28", "exit_reason": "pensioen"}
    again = client.patch(f"{API}/MW-0042", json=later)
    assert again.status_code == 422
    assert "die nog loopt" in again.json()["problems"][0]["message"]
    that = client.patch(f"{API}/MW-0042", json={**later, "start_date": "2024-03-01"})
    assert "al beëindigd op 2025-01-31" in that.json()["problems"][0]["message"]


@pytest.mark.parametrize("email", [None, "ander@voorbeeld.be", "analist@voorbeeld.be"])
def test_nobody_else_changes_or_reads_an_organisations_records(
    site: Container, email: str | None
) -> None:
    _api(site, "org@voorbeeld.be").post(API, json=NEW)
    before = _stored(site)
    client = _api(site, email)
    answers = [
        client.post(API, json={**NEW, "pseudonym": "MW-0043"}),
        client.patch(f"{API}/MW-0042", json={"end_date": "2025-01-31", "exit_reason": "andere"}),
        client.post(f"{API}/MW-0042/afwezigheden", json={"first_day": "2024-05-01"}),
    ]
    # nobody: a write without a token fails the CSRF check before anything else
    assert [a.status_code for a in answers] == [403] * 3
    assert all("MW-0042" not in a.text for a in answers)
    assert _stored(site) == before
