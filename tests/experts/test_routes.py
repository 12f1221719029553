"""The expert directory and job alerts in the browser and the API: forms, access, no contact
details anywhere, and a withdrawn profile gone at once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from accounts.builders import csrf_token, make_user, post_form, signed_in_client
from experts.builders import approved, links, opted_in, outbox
from krapte.accounts.core.permissions import SYSTEM, Role
from krapte.bootstrap import Container, bootstrap
from krapte.experts import service
from krapte.settings import Settings
from krapte.web.app import create_app

EMAIL = "an.peeters@voorbeeld.be"


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Container]:
    container = bootstrap(Settings(home=tmp_path / "home"))
    container.store.initialise()
    make_user(container, "beheer@krapte.be", Role.ADMIN, name="Beheer")
    make_user(container, "org@vzw.be", Role.ORGANISATION, organisations=["Vzw Eén"])
    yield container
    container.store.dispose()


def _client(site: Container) -> TestClient:
    return TestClient(create_app(site), follow_redirects=False)


def _opt_in_form(**overrides: str | list[str]) -> dict[str, str | list[str]]:
    form: dict[str, str | list[str]] = {
        "naam": "An Peeters",
        "email": EMAIL,
        "expertise": ["jeugdhulp", "armoede"],
        "regio": "Antwerpen",
        "talen": ["Nederlands"],
        "beschikbaarheid": "Na 16 uur",
        "voorstelling": "Sociaal werker in de jeugdhulp.",
        "toestemming": "ja",
    }
    form.update(overrides)
    return form


def test_an_expert_opts_in_confirms_is_approved_and_found(site: Container) -> None:
    visitor = _client(site)
    answer = post_form(
        visitor, "/experten/aanmelden", _opt_in_form(), token_from="/experten/aanmelden"
    )
    assert answer.status_code == 200, answer.text[:400]
    confirm, _withdraw = links(outbox(site)[-1].replace("http://testserver", "http://krapte.test"))
    assert post_form(visitor, confirm, token_from=confirm).status_code == 200
    admin = signed_in_client(create_app(site), "beheer@krapte.be")
    manage = admin.get("/experten/beheer")
    assert "An Peeters" in manage.text
    [profile] = service.profiles(site.unit_of_work(), SYSTEM)
    done = post_form(
        admin, f"/experten/beheer/{profile.id}/goedkeuren", token_from="/experten/beheer"
    )
    assert done.status_code == 303
    found = visitor.get("/experten", params={"expertise": "armoede", "regio": "Antwerpen"})
    assert "An Peeters" in found.text
    assert found.headers["cache-control"] == "no-store"


def test_an_opt_in_with_bad_fields_shows_dutch_errors_and_stores_nothing(site: Container) -> None:
    visitor = _client(site)
    form = _opt_in_form(expertise=[], toestemming="", regio="Atlantis")
    answer = post_form(visitor, "/experten/aanmelden", form, token_from="/experten/aanmelden")
    assert answer.status_code == 422
    assert "kies minstens één expertise" in answer.text
    assert "onbekende regio" in answer.text
    assert service.profiles(site.unit_of_work(), SYSTEM) == []


def test_no_page_or_api_answer_shows_the_expert_address(site: Container) -> None:
    made = approved(site)
    visitor = _client(site)
    for url in (
        "/experten",
        f"/experten/{made.id}",
        "/api/v1/experts",
        f"/api/v1/experts/{made.id}",
    ):
        answer = visitor.get(url)
        assert answer.status_code == 200, url
        assert "An Peeters" in answer.text
        assert EMAIL not in answer.text, url
        assert "voorbeeld.be" not in answer.text, url


def test_the_relay_form_mails_the_expert_and_never_shows_the_address(site: Container) -> None:
    made = approved(site)
    visitor = _client(site)
    page = f"/experten/{made.id}"
    form = {"naam": "Jan", "email": "jan@krant.example", "bericht": "Even bellen?"}
    answer = post_form(visitor, f"{page}/contact", form, token_from=page)
    assert answer.status_code == 200
    assert "Je bericht is verstuurd" in answer.text
    assert EMAIL not in answer.text
    assert "Even bellen?" in outbox(site)[-1]


def test_the_relay_form_needs_the_csrf_token(site: Container) -> None:
    made = approved(site)
    before = len(outbox(site))
    answer = _client(site).post(
        f"/experten/{made.id}/contact", data={"naam": "Jan", "email": "j@k.be", "bericht": "x"}
    )
    assert answer.status_code == 403
    assert len(outbox(site)) == before


def test_a_withdrawn_profile_is_gone_from_every_page_and_the_api_at_once(site: Container) -> None:
    made = approved(site)
    visitor = _client(site)
    assert "An Peeters" in visitor.get("/experten").text  # seen once (a cache would keep it)
    assert visitor.get(f"/api/v1/experts/{made.id}").status_code == 200
    link = f"/experten/intrekken/{made.withdraw_token}"
    assert "An Peeters" in visitor.get(link).text
    assert post_form(visitor, link, token_from=link).status_code == 200
    assert "An Peeters" not in visitor.get("/experten").text
    assert visitor.get(f"/experten/{made.id}").status_code == 404
    assert visitor.get(f"/api/v1/experts/{made.id}").status_code == 404
    assert visitor.get("/api/v1/experts").json()["total"] == 0


def test_only_an_administrator_manages_the_directory(site: Container) -> None:
    made = opted_in(site)
    service.confirm(site.unit_of_work(write=True), made.confirm_token)
    assert _client(site).get("/experten/beheer").status_code in (303, 401)
    organisation = signed_in_client(create_app(site), "org@vzw.be")
    assert organisation.get("/experten/beheer").status_code == 403
    token = csrf_token(organisation, "/account")
    answer = organisation.post(f"/experten/beheer/{made.id}/goedkeuren", data={"csrf_token": token})
    assert answer.status_code == 403
    assert [p.status.value for p in service.profiles(site.unit_of_work(), SYSTEM)] == ["pending"]


def test_a_signed_in_expert_withdraws_from_their_account(site: Container) -> None:
    client = signed_in_client(create_app(site), "org@vzw.be")
    post_form(client, "/experten/aanmelden", _opt_in_form(), token_from="/experten/aanmelden")
    mine = client.get("/experten/mijn-profiel")
    assert "An Peeters" in mine.text
    [profile] = service.profiles(site.unit_of_work(), SYSTEM)
    url = f"/experten/mijn-profiel/{profile.id}/intrekken"
    assert post_form(client, url, token_from="/experten/mijn-profiel").status_code == 303
    assert service.profiles(site.unit_of_work(), SYSTEM) == []


def test_a_subscriber_confirms_and_unsubscribes_in_the_browser(site: Container) -> None:
    visitor = _client(site)
    form = {
        "email": "kim@voorbeeld.be",
        "regio": "Limburg",
        "diploma": "",
        "niveau": "bachelor",
        "toestemming": "ja",
    }
    answer = post_form(visitor, "/jobmeldingen", form, token_from="/jobmeldingen")
    assert answer.status_code == 200, answer.text[:400]
    [confirm] = links(outbox(site)[-1].replace("http://testserver", "http://krapte.test"))
    done = post_form(visitor, confirm, token_from=confirm)
    assert "in Limburg" in done.text
    again = post_form(visitor, "/jobmeldingen", form, token_from="/jobmeldingen")
    assert again.status_code == 200
    [unsubscribe] = set(links(outbox(site)[-1].replace("http://testserver", "http://krapte.test")))
    assert "Uitschrijven" in visitor.get(unsubscribe).text
    gone = post_form(visitor, unsubscribe, token_from=unsubscribe)
    assert "Je bent uitgeschreven" in gone.text
    assert visitor.get(unsubscribe).status_code == 404


def test_a_subscription_with_an_unknown_diploma_is_refused(site: Container) -> None:
    visitor = _client(site)
    form = {"email": "kim@voorbeeld.be", "diploma": "verpleegkunde", "toestemming": "ja"}
    answer = post_form(visitor, "/jobmeldingen", form, token_from="/jobmeldingen")
    assert answer.status_code == 422
    assert "onbekende opleiding" in answer.text
    assert outbox(site) == []


def test_too_many_messages_from_one_client_are_refused_with_retry_after(site: Container) -> None:
    made = approved(site)
    visitor = _client(site)
    page = f"/experten/{made.id}"
    form = {"naam": "Jan", "email": "jan@krant.example", "bericht": "Hallo"}
    allowed = service.CONTACT_LIMITS[0].count
    answers = [
        post_form(visitor, f"{page}/contact", form, token_from=page).status_code
        for _ in range(allowed)
    ]
    assert answers == [200] * allowed
    refused = post_form(visitor, f"{page}/contact", form, token_from=page)
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) > 0
    assert "te vaak" in refused.text
