"""The job fairs' pages and API with FastAPI's TestClient: register until full, the waiting
list, cancel by the mailed link, the calendar file, and the organiser's pages."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from accounts.builders import csrf_token, make_user, post_form, signed_in_client
from fairs.builders import ORGANISER, add_fair, cancel_token, mails
from krapte.accounts.core.permissions import Role
from krapte.bootstrap import Container
from krapte.web.app import create_app

BASE = "http://testserver"


@pytest.fixture
def client(container: Container) -> TestClient:
    return TestClient(create_app(container), follow_redirects=False)


def _register(client: TestClient, fair_id: int, address: str, consent: str = "ja") -> str:
    token = csrf_token(client, f"/jobbeurzen/{fair_id}")
    answer = client.post(
        f"/jobbeurzen/{fair_id}/inschrijven",
        data={"naam": "Bezoeker", "email": address, "toestemming": consent, "csrf_token": token},
    )
    assert answer.status_code == 303, answer.text[:300]
    return answer.headers["location"]


def test_a_visitor_registers_until_full_and_the_next_joins_the_waiting_list(
    container: Container, client: TestClient
) -> None:
    fair = add_fair(container, capacity=1)
    first = _register(client, fair.id, "an@voorbeeld.be")
    assert "gedaan=ingeschreven" in first
    page = client.get(f"/jobbeurzen/{fair.id}")
    assert "Volzet" in page.text
    assert "Zet me op de wachtlijst" in page.text
    assert page.headers["cache-control"] == "no-store"
    second = _register(client, fair.id, "bo@voorbeeld.be")
    assert "gedaan=wachtlijst&plaats=1" in second
    shown = client.get(second)
    assert "plaats 1 van de wachtlijst" in shown.text
    assert "an@voorbeeld.be" not in shown.text  # never a visitor's address on a public page


def test_the_mailed_link_cancels_and_moves_the_waiting_visitor_up(
    container: Container, client: TestClient
) -> None:
    fair = add_fair(container, capacity=1)
    _register(client, fair.id, "an@voorbeeld.be")
    _register(client, fair.id, "bo@voorbeeld.be")
    token = cancel_token(container, "an@voorbeeld.be")
    confirm = client.get(f"/jobbeurzen/annuleren/{token}")
    assert confirm.status_code == 200
    assert "Je hebt een plaats" in confirm.text
    assert "Nog 0 van 1" not in confirm.text
    done = client.post(
        f"/jobbeurzen/annuleren/{token}",
        data={"csrf_token": csrf_token(client, f"/jobbeurzen/annuleren/{token}")},
    )
    assert done.status_code == 200
    assert "gewist" in done.text
    assert "plaats" in str(mails(container, "bo@voorbeeld.be")[-1]["Subject"])
    assert client.get(f"/jobbeurzen/annuleren/{token}").status_code == 404
    assert client.get(f"/api/v1/jobbeurzen/{fair.id}").json()["waiting"] == 0


def test_a_registration_without_consent_is_refused_beside_its_field(
    container: Container, client: TestClient
) -> None:
    fair = add_fair(container)
    token = csrf_token(client, f"/jobbeurzen/{fair.id}")
    answer = client.post(
        f"/jobbeurzen/{fair.id}/inschrijven",
        data={"naam": "An", "email": "an@voorbeeld.be", "csrf_token": token},
    )
    assert answer.status_code == 422
    assert 'id="fout-consent"' in answer.text
    assert client.get(f"/api/v1/jobbeurzen/{fair.id}").json()["registered"] == 0


def test_a_registration_without_csrf_token_is_refused(
    container: Container, client: TestClient
) -> None:
    fair = add_fair(container)
    answer = client.post(
        f"/jobbeurzen/{fair.id}/inschrijven",
        data={"naam": "An", "email": "an@voorbeeld.be", "toestemming": "ja"},
    )
    assert answer.status_code == 403
    assert client.get(f"/api/v1/jobbeurzen/{fair.id}").json()["registered"] == 0


def test_the_calendar_file_is_served_as_text_calendar(
    container: Container, client: TestClient
) -> None:
    from icalendar import Calendar

    fair = add_fair(container)
    answer = client.get(f"/jobbeurzen/{fair.id}/agenda.ics")
    assert answer.headers["content-type"].startswith("text/calendar")
    event = Calendar.from_ical(answer.content).walk("VEVENT")[0]
    assert str(event["url"]) == f"{BASE}/jobbeurzen/{fair.id}"


def test_the_list_filters_by_province_with_a_get_form(
    container: Container, client: TestClient
) -> None:
    add_fair(container, municipality="Hasselt", title="Beurs Limburg")
    add_fair(container, municipality="Brugge", title="Beurs West")
    page = client.get("/jobbeurzen?provincie=Limburg")
    assert "Beurs Limburg" in page.text
    assert "Beurs West" not in page.text
    api = client.get("/api/v1/jobbeurzen", params={"province": "West-Vlaanderen"}).json()
    assert [f["title"] for f in api["fairs"]] == ["Beurs West"]
    assert "email" not in str(api)


def test_an_organisation_user_creates_a_fair_and_sees_its_visitors(container: Container) -> None:
    make_user(container, "org@voorbeeld.be", Role.ORGANISATION, organisations=[ORGANISER])
    client = signed_in_client(create_app(container), "org@voorbeeld.be")
    form = {
        "title": "Jobbeurs Limburg", "organiser": ORGANISER, "municipality": "Genk",
        "venue": "C-mine", "date": "2030-03-04", "starts": "09:00", "ends": "16:00",
        "capacity": "50", "participants": "OCMW Genk\nVzw Ligo",
        "programme": "10:00; pitch; Werken bij het OCMW; OCMW Genk",
    }  # fmt: skip
    made = post_form(client, "/jobbeurzen/nieuw", form, token_from="/jobbeurzen/nieuw")
    assert made.status_code == 303
    visitors = made.headers["location"]
    fair_id = int(re.findall(r"/jobbeurzen/(\d+)/", visitors)[0])
    _register(TestClient(create_app(container), follow_redirects=False), fair_id, "an@voorbeeld.be")
    page = client.get(visitors)
    assert page.status_code == 200
    assert "an@voorbeeld.be" in page.text
    assert page.headers["cache-control"] == "no-store"
    assert "Limburg" in client.get(f"/jobbeurzen/{fair_id}").text


def test_a_new_fair_with_an_unknown_municipality_is_refused_and_nothing_stored(
    container: Container,
) -> None:
    make_user(container, "org@voorbeeld.be", Role.ORGANISATION, organisations=[ORGANISER])
    client = signed_in_client(create_app(container), "org@voorbeeld.be")
    form = {"title": "Beurs", "organiser": ORGANISER, "municipality": "Gentt", "venue": "ICC",
            "date": "2030-03-04", "starts": "16:00", "ends": "09:00", "capacity": "50"}  # fmt: skip
    answer = post_form(client, "/jobbeurzen/nieuw", form, token_from="/jobbeurzen/nieuw")
    assert answer.status_code == 422
    assert "bedoel je &#39;Gent&#39;" in answer.text
    assert 'id="fout-ends"' in answer.text
    assert client.get("/api/v1/jobbeurzen").json()["total"] == 0


def test_a_wrong_organisation_cannot_see_visitors_or_create_for_another(
    container: Container,
) -> None:
    fair = add_fair(container)
    make_user(container, "ander@voorbeeld.be", Role.ORGANISATION, organisations=["Andere Vzw"])
    client = signed_in_client(create_app(container), "ander@voorbeeld.be")
    assert client.get(f"/jobbeurzen/{fair.id}/bezoekers").status_code == 403
    form = {"title": "Beurs", "organiser": ORGANISER, "municipality": "Gent", "venue": "ICC",
            "date": "2030-03-04", "starts": "09:00", "ends": "16:00", "capacity": "5"}  # fmt: skip
    answer = post_form(client, "/jobbeurzen/nieuw", form, token_from="/jobbeurzen/nieuw")
    assert answer.status_code == 403
    assert client.get("/api/v1/jobbeurzen").json()["total"] == 1
    before = client.get(f"/api/v1/jobbeurzen/{fair.id}").json()
    places = post_form(client, f"/jobbeurzen/{fair.id}/plaatsen", {"plaatsen": "500"})
    present = post_form(client, f"/jobbeurzen/{fair.id}/bezoekers", {"zonder_inschrijving": "9"})
    assert (places.status_code, present.status_code) == (403, 403)
    assert client.get(f"/api/v1/jobbeurzen/{fair.id}").json() == before
    anonymous = TestClient(create_app(container), follow_redirects=False)
    assert anonymous.get(f"/jobbeurzen/{fair.id}/bezoekers").status_code in (303, 401)


def test_the_organiser_raises_the_places_and_the_waiting_visitor_moves_up(
    container: Container,
) -> None:
    fair = add_fair(container, capacity=1)
    public = TestClient(create_app(container), follow_redirects=False)
    _register(public, fair.id, "an@voorbeeld.be")
    _register(public, fair.id, "bo@voorbeeld.be")
    make_user(container, "org@voorbeeld.be", Role.ORGANISATION, organisations=[ORGANISER])
    client = signed_in_client(create_app(container), "org@voorbeeld.be")
    visitors = f"/jobbeurzen/{fair.id}/bezoekers"
    refused = post_form(client, f"/jobbeurzen/{fair.id}/plaatsen", {"plaatsen": "nul"},
                        token_from=visitors)  # fmt: skip
    assert refused.status_code == 422
    assert 'id="fout-capacity"' in refused.text
    done = post_form(client, f"/jobbeurzen/{fair.id}/plaatsen", {"plaatsen": "2"},
                     token_from=visitors)  # fmt: skip
    assert done.status_code == 303
    assert public.get(f"/api/v1/jobbeurzen/{fair.id}").json()["registered"] == 2
    assert "plaats" in str(mails(container, "bo@voorbeeld.be")[-1]["Subject"])
