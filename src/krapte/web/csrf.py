"""CSRF protection for every unsafe request (POST, PUT, PATCH, DELETE), checked in one place.

Why our own check: ``starlette-csrf`` (the usual middleware) reads the token only from a request
header (``x-csrftoken``), which plain HTML forms cannot send; the site works without JavaScript,
so the token has to come from a form field. Reading a form in an ASGI middleware means buffering
and replaying the body, so the check is a FastAPI dependency set on the whole application
(:func:`protect`, in :func:`krapte.web.app.create_app`): no route can forget it, and the form it
reads is the one the route gets (Starlette keeps the parsed form on the request).

- A signed-in user's forms carry their session's synchronizer token (a random secret stored
  with the session) in the hidden field ``csrf_token`` (or the header ``X-CSRF-Token``).
- Forms without a session (signing in, accepting an invitation) use a signed double-submit
  cookie: ``krapte_csrf`` holds ``nonce.signature`` (HMAC-SHA256 under ``KRAPTE_SECRET_KEY``),
  and the form field must hold the same value.
- Requests with ``Authorization: Bearer`` (API tokens) are exempt: browsers never add that
  header on their own, so another site cannot make a browser send it.

A missing or wrong token is a 403 with a Dutch message; the route does not run.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from functools import cache
from pathlib import Path

from fastapi import Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from krapte.errors import Forbidden
from krapte.settings import Settings
from krapte.web.deps import bearer_token, get_container, signed_in

FIELD = "csrf_token"
HEADER = "x-csrf-token"
COOKIE = "krapte_csrf"
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
COOKIE_MAX_AGE_S = 12 * 3600
REFUSED = (
    "dit formulier is verlopen of komt niet van deze site; "
    "laad de pagina opnieuw en probeer het nog eens"
)


@cache
def _key_from_file(home: Path) -> bytes:
    """A random key kept in KRAPTE_HOME (made once, readable only by its owner)."""
    path = home / "secret_key"
    try:
        return path.read_bytes().strip()
    except FileNotFoundError:
        pass
    home.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32).encode()
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another worker made it first
        return path.read_bytes().strip()
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(key)
    return key


def secret_key(settings: Settings) -> bytes:
    return settings.secret_key.encode() if settings.secret_key else _key_from_file(settings.home)


def _sign(key: bytes, nonce: str) -> str:
    return hmac.new(key, nonce.encode(), hashlib.sha256).hexdigest()


def _valid_cookie(key: bytes, value: str) -> bool:
    nonce, _, signature = value.partition(".")
    return bool(nonce) and hmac.compare_digest(_sign(key, nonce), signature)


def anonymous_token(request: Request) -> str:
    """The double-submit token of a visitor without a session (a new cookie when needed)."""
    key = secret_key(get_container(request).settings)
    current = request.cookies.get(COOKIE, "")
    if current and _valid_cookie(key, current):
        return current
    made = getattr(request.state, "new_csrf_cookie", None)
    if isinstance(made, str):
        return made
    nonce = secrets.token_urlsafe(24)
    token = f"{nonce}.{_sign(key, nonce)}"
    request.state.new_csrf_cookie = token
    return token


def token_for(request: Request) -> str:
    """The token the forms of this request's page must carry."""
    found = signed_in(request)
    if found.actor.authenticated and found.csrf_secret:
        return found.csrf_secret
    return anonymous_token(request)


class LazyToken:
    """The token as a template value: worked out (and its cookie set) only if a form shows it."""

    def __init__(self, request: Request) -> None:
        self._request = request
        self._value: str | None = None

    def __str__(self) -> str:
        if self._value is None:
            self._value = token_for(self._request)
        return self._value

    def __html__(self) -> str:
        return str(self)


def set_cookie_if_new(request: Request, response: Response) -> None:
    """Send the double-submit cookie made while rendering this page, if any."""
    token = getattr(request.state, "new_csrf_cookie", None)
    if isinstance(token, str):
        response.set_cookie(
            COOKIE,
            token,
            max_age=COOKIE_MAX_AGE_S,
            path="/",
            httponly=True,
            samesite="lax",
            secure=request.url.scheme == "https",
        )
        response.headers["cache-control"] = "no-store"


async def _submitted(request: Request) -> str:
    if header := request.headers.get(HEADER):
        return header
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        value = (await request.form()).get(FIELD)
        return value if isinstance(value, str) else ""
    return ""


async def protect(request: Request) -> None:
    """Refuse an unsafe request from a browser without the right CSRF token (403)."""
    if request.method not in UNSAFE or bearer_token(request) is not None:
        return
    submitted = await _submitted(request)
    found = await run_in_threadpool(signed_in, request)
    if found.actor.authenticated and found.csrf_secret:
        expected = found.csrf_secret
    else:
        key = secret_key(get_container(request).settings)
        expected = request.cookies.get(COOKIE, "")
        if not _valid_cookie(key, expected):
            expected = ""
    if not submitted or not expected or not hmac.compare_digest(submitted, expected):
        raise Forbidden(REFUSED)
