"""Signing in and out in the browser, invitations, CSRF, cookies, redirects, tokens, no-store."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from accounts.builders import PASSWORD, csrf_token, make_user, post_form, signed_in_client
from krapte.accounts import service
from krapte.accounts.core.permissions import SYSTEM, Role
from krapte.bootstrap import Container, bootstrap
from krapte.settings import Settings
from krapte.web.app import create_app
from krapte.web.deps import SESSION_COOKIE


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Container]:
    container = bootstrap(Settings(home=tmp_path / "home"))
    container.store.initialise()
    make_user(container, "coord@school.be", Role.SCHOOL, schools=["HoGent"], name="Coord")
    yield container
    container.store.dispose()


def _client(site: Container, base_url: str = "http://testserver") -> TestClient:
    return TestClient(create_app(site), base_url=base_url, follow_redirects=False)


def _sign_in(client: TestClient, password: str = PASSWORD, **extra: str) -> object:
    token = csrf_token(client, "/aanmelden")
    data = {"email": "coord@school.be", "wachtwoord": password, "csrf_token": token, **extra}
    return client.post("/aanmelden", data=data)


def _sessions(site: Container) -> int:
    with site.store.engine.connect() as connection:
        return int(connection.execute(text("SELECT count(*) FROM account_session")).scalar_one())


def test_signing_in_sets_a_safe_session_cookie_and_shows_the_name(site: Container) -> None:
    client = _client(site)
    answer = _sign_in(client)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/account"
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith(f"{SESSION_COOKIE}=")
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    assert "Path=/" in cookie
    assert "Secure" not in cookie  # plain http: a Secure cookie would never come back
    page = client.get("/")
    assert "Coord" in page.text
    assert "Afmelden" in page.text
    assert 'href="/stages"' in page.text
    assert page.headers["cache-control"] == "no-store"


def test_over_https_the_session_cookie_is_secure(site: Container) -> None:
    answer = _sign_in(_client(site, "https://testserver"))
    assert answer.status_code == 303
    assert "Secure" in answer.headers["set-cookie"]


def test_a_wrong_password_shows_the_form_again_with_a_dutch_error(site: Container) -> None:
    client = _client(site)
    answer = _sign_in(client, "helemaal-niet-juist")
    assert answer.status_code == 422
    assert "klopt niet" in answer.text
    assert SESSION_COOKIE not in client.cookies


def test_too_many_failures_answer_429_with_retry_after(site: Container) -> None:
    client = _client(site)
    for _ in range(service.MAX_FAILURES):
        assert _sign_in(client, "helemaal-niet-juist").status_code == 422  # type: ignore[attr-defined]
    answer = _sign_in(client)  # even the right password waits now
    assert answer.status_code == 429  # type: ignore[attr-defined]
    assert 0 < int(answer.headers["retry-after"]) <= 900  # type: ignore[attr-defined]
    assert "te veel mislukte aanmeldpogingen" in answer.text  # type: ignore[attr-defined]


def test_signing_in_again_replaces_the_session(site: Container) -> None:
    client = signed_in_client(create_app(site), "coord@school.be")
    first = client.cookies[SESSION_COOKIE]
    answer = post_form(client, "/aanmelden", {"email": "coord@school.be", "wachtwoord": PASSWORD})
    assert answer.status_code == 303
    assert client.cookies[SESSION_COOKIE] != first
    assert _sessions(site) == 1


def test_signing_out_ends_the_session_in_the_store(site: Container) -> None:
    client = signed_in_client(create_app(site), "coord@school.be")
    stolen = client.cookies[SESSION_COOKIE]
    answer = post_form(client, "/afmelden")
    assert answer.status_code == 303
    assert _sessions(site) == 0
    replay = _client(site)
    replay.cookies.set(SESSION_COOKIE, stolen)
    assert replay.get("/account").status_code == 303  # the old cookie is worth nothing


def test_sign_out_is_post_only(site: Container) -> None:
    assert _client(site).get("/afmelden").status_code == 405


def test_a_post_without_or_with_a_wrong_csrf_token_changes_nothing(site: Container) -> None:
    client = signed_in_client(create_app(site), "coord@school.be")
    for data in ({"naam": "sleutel"}, {"naam": "sleutel", "csrf_token": "geraden"}):
        answer = client.post("/account/sleutels", data=data)
        assert answer.status_code == 403
        assert "formulier is verlopen" in answer.text
    assert client.post("/afmelden").status_code == 403
    actor = service.authenticate(
        site.unit_of_work(write=True), "coord@school.be", PASSWORD, "t"
    ).actor()
    assert service.list_api_tokens(site.unit_of_work(), actor) == []
    assert _sessions(site) == 1


def test_the_sign_in_form_needs_its_signed_cookie(site: Container) -> None:
    client = _client(site)
    token = csrf_token(client, "/aanmelden")
    client.cookies.clear()
    data = {"email": "coord@school.be", "wachtwoord": PASSWORD, "csrf_token": token}
    assert client.post("/aanmelden", data=data).status_code == 403
    forged = _client(site)
    forged.cookies.set("krapte_csrf", "abc.def")
    data["csrf_token"] = "abc.def"
    assert forged.post("/aanmelden", data=data).status_code == 403
    assert _sessions(site) == 0


def test_a_personal_page_sends_nobody_to_sign_in_and_back(site: Container) -> None:
    client = _client(site)
    answer = client.get("/account")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/aanmelden?volgende=%2Faccount"
    signed = _sign_in(client, volgende="/account?x=1")
    assert signed.headers["location"] == "/account?x=1"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "target", ["https://kwaad.example/", "//kwaad.example", "/\\kwaad.example", "kwaad"]
)
def test_volgende_never_leads_to_another_site(site: Container, target: str) -> None:
    answer = _sign_in(_client(site), volgende=target)
    assert answer.headers["location"] == "/account"  # type: ignore[attr-defined]


def test_an_invitation_link_works_once_and_signs_in(site: Container) -> None:
    found = service.invite(
        site.unit_of_work(write=True), SYSTEM, "org@vzw.be", Role.ORGANISATION, ["Vzw A"]
    )
    path = "/uitnodiging/" + found.link.rsplit("/", 1)[1]
    client = _client(site)
    page = client.get(path)
    assert page.status_code == 200
    assert "org@vzw.be" in page.text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    data = {"naam": "Org", "wachtwoord": PASSWORD, "herhaling": PASSWORD, "csrf_token": token}
    answer = client.post(path, data=data)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/account"
    assert "Vzw A" in client.get("/account").text
    again = _client(site)
    assert again.get(path).status_code == 409
    assert "al gebruikt" in again.get(path).text


def test_an_expired_invitation_says_so(site: Container) -> None:
    found = service.invite(site.unit_of_work(write=True), SYSTEM, "a@b.be", Role.ANALYST)
    with site.store.engine.begin() as connection:
        past = datetime.now(UTC) - timedelta(minutes=1)
        connection.execute(text("UPDATE account_invitation SET expires_at = :t"), {"t": past})
    answer = _client(site).get("/uitnodiging/" + found.link.rsplit("/", 1)[1])
    assert answer.status_code == 409
    assert "verlopen" in answer.text


def test_an_api_token_made_on_the_account_page_answers_who_am_i(site: Container) -> None:
    client = signed_in_client(create_app(site), "coord@school.be")
    page = post_form(client, "/account/sleutels", {"naam": "mijn script"})
    secret = re.search(r"<code>(krp_[^<]+)</code>", page.text).group(1)  # type: ignore[union-attr]
    api = _client(site)
    answer = api.get("/api/v1/account", headers={"Authorization": f"Bearer {secret}"})
    assert answer.status_code == 200
    assert answer.json()["schools"] == ["HoGent"]
    assert answer.headers["cache-control"] == "no-store"
    assert secret not in client.get("/account").text  # shown once


def test_the_api_without_a_valid_token_answers_401_bearer(site: Container) -> None:
    api = _client(site)
    for headers in ({}, {"Authorization": "Bearer krp_fout"}):
        answer = api.get("/api/v1/account", headers=headers)
        assert answer.status_code == 401
        assert answer.headers["www-authenticate"] == "Bearer"


def test_bearer_requests_need_no_csrf_token(site: Container) -> None:
    made = service.create_api_token(
        site.unit_of_work(write=True),
        service.find_user(site.unit_of_work(), SYSTEM, "coord@school.be").actor(),
        "script",
    )
    answer = _client(site).post("/afmelden", headers={"Authorization": f"Bearer {made.secret}"})
    assert answer.status_code == 303


def test_public_pages_are_cached_but_never_for_a_signed_in_user(site: Container) -> None:
    app = create_app(site)
    anonymous = TestClient(app)
    assert "no-store" not in anonymous.get("/over").headers.get("cache-control", "")
    client = signed_in_client(app, "coord@school.be")
    page = client.get("/over")
    assert page.headers["cache-control"] == "no-store"
    assert "Coord" in page.text
    assert "Coord" not in anonymous.get("/over").text  # the cached public page has no name


def test_the_openapi_document_names_the_bearer_scheme(site: Container) -> None:
    document = _client(site).get("/api/v1/openapi.json").json()
    operation = document["paths"]["/api/v1/account"]["get"]
    assert operation["summary"].startswith("Wie ben ik")
    schemes = document["components"]["securitySchemes"]
    assert any(s.get("scheme") == "bearer" for s in schemes.values())


def test_before_the_store_is_built_sign_in_answers_503_and_writes_no_key(tmp_path: Path) -> None:
    home = tmp_path / "nieuw"
    home.mkdir()
    answer = _client(bootstrap(Settings(home=home))).get("/aanmelden")
    assert answer.status_code == 503
    assert list(home.iterdir()) == []


def test_changing_the_password_ends_every_other_session(site: Container) -> None:
    here, elsewhere = _client(site), _client(site)
    _sign_in(here)
    _sign_in(elsewhere)
    new = "een-nieuw-en-lang-wachtwoord"
    changed = post_form(
        here, "/account/wachtwoord", {"huidig": PASSWORD, "nieuw": new, "herhaling": new}
    )
    assert changed.status_code == 303
    assert here.get(changed.headers["location"]).status_code == 200
    assert "Je wachtwoord is gewijzigd." in here.get("/account?gedaan=wachtwoord").text
    assert elsewhere.get("/account").headers["location"].startswith("/aanmelden")
    assert _sessions(site) == 1
