"""Tiny builders for tests that need users: make one, sign them in, post a form with CSRF.

```
user = make_user(container, "org@voorbeeld.be", Role.ORGANISATION, organisations=["Vzw Eén"])
client = signed_in_client(create_app(container), "org@voorbeeld.be")
response = post_form(client, "/stages/aanbod/nieuw", {"capacity": "2"})
```
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx2 import Response

from krapte.accounts import service
from krapte.accounts.core.permissions import SYSTEM, Role
from krapte.accounts.core.records import User
from krapte.bootstrap import Container

PASSWORD = "een-lang-geheim-wachtwoord"
_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def make_user(
    container: Container,
    email: str,
    role: Role | str,
    schools: Iterable[str] = (),
    organisations: Iterable[str] = (),
    password: str = PASSWORD,
    name: str = "",
) -> User:
    """A user with one role (and its schools or organisations) and a password."""
    return service.add_user(
        container.unit_of_work(write=True),
        SYSTEM,
        email,
        name or email.split("@")[0],
        role,
        (*schools, *organisations),
        password,
    )


def csrf_token(client: TestClient, url: str = "/aanmelden") -> str:
    """The CSRF token of the forms on ``url`` (a page that shows a form)."""
    page = client.get(url)
    found = _TOKEN.search(page.text)
    assert found, f"no csrf_token on {url} ({page.status_code})"
    return found.group(1)


def post_form(
    client: TestClient,
    url: str,
    data: Mapping[str, str | list[str]] | None = None,
    *,
    token_from: str = "/account",
    **kwargs: object,
) -> Response:
    """POST a form as a browser does: with the CSRF token of the client's session."""
    token = csrf_token(client, token_from)
    return client.post(url, data={**(data or {}), "csrf_token": token}, **kwargs)  # type: ignore[arg-type]


def signed_in_client(
    app: FastAPI, email: str, password: str = PASSWORD, *, base_url: str = "http://testserver"
) -> TestClient:
    """A client with the session of ``email`` (signed in through the sign-in form)."""
    client = TestClient(app, base_url=base_url, follow_redirects=False)
    token = csrf_token(client, "/aanmelden")
    answer = client.post(
        "/aanmelden", data={"email": email, "wachtwoord": password, "csrf_token": token}
    )
    assert answer.status_code == 303, answer.text[:500]
    return client
