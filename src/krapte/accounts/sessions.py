"""Server-side sessions and personal API tokens: random tokens, stored only as their SHA-256.

A session's cookie holds its token; the row holds the token's digest, the user, a CSRF secret
(the synchronizer token of its forms), and when it expires. An API token is shown once when made;
``Authorization: Bearer <token>`` then acts as its user. Disabled users resolve to nobody.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from krapte.accounts import repository as repo
from krapte.accounts.core.permissions import Actor, require
from krapte.accounts.core.records import (
    MAX_TOKEN_NAME,
    ApiToken,
    NewApiToken,
    NewSession,
    SignedIn,
    User,
)
from krapte.db.uow import UnitOfWork
from krapte.errors import InvalidInput, NotFound
from krapte.settings import Settings, get_settings

#: A session's or token's "last seen" is written at most this often (not on every request).
TOUCH_EVERY = timedelta(minutes=5)
TOKEN_PREFIX = "krp_"


def _now() -> datetime:
    return datetime.now(UTC)


def utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_session(uow: UnitOfWork, user: User, *, settings: Settings | None = None) -> NewSession:
    """A new session for a user who just proved who they are (a new token at every sign-in)."""
    settings = settings or get_settings()
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    moment = _now()
    expires = moment + timedelta(hours=settings.session_ttl_h)
    with uow:
        repo.delete_expired_sessions(uow.session, moment)
        repo.add_session(uow.session, digest(token), user.id, csrf, moment, expires)
        uow.commit()
    return NewSession(token, csrf, expires, user)


def resolve_session(uow: UnitOfWork, token: str) -> SignedIn | None:
    """Who a session cookie belongs to; None when unknown, expired or the user is disabled."""
    if not token or len(token) > 200:
        return None
    key = digest(token)
    moment = _now()
    with uow:
        found = repo.session_by_hash(uow.session, key)
        if found is None:
            return None
        user_id, csrf, expires, last_seen = found
        if utc(expires) <= moment:
            return None
        user = repo.user_by_id(uow.session, user_id)
        if user is None or user[0].disabled:
            return None
        if moment - utc(last_seen) > TOUCH_EVERY:
            repo.touch_session(uow.session, key, moment)
            uow.commit()
    return SignedIn(user[0].actor(), csrf)


def revoke_session(uow: UnitOfWork, token: str) -> None:
    """Sign out: the session is gone from the store (the cookie alone is worth nothing)."""
    with uow:
        repo.delete_session(uow.session, digest(token))
        uow.commit()


def create_api_token(
    uow: UnitOfWork, actor: Actor, name: str, *, user_id: int | None = None
) -> NewApiToken:
    """A personal API token for the actor (or, for an administrator, for ``user_id``)."""
    require(actor, "token.manage")
    owner = actor.user_id if user_id is None else user_id
    if user_id is not None and user_id != actor.user_id:
        require(actor, "user.manage")
    cleaned = " ".join(name.split())
    if not cleaned or len(cleaned) > MAX_TOKEN_NAME:
        raise InvalidInput.single(
            f"geef de sleutel een naam van 1 tot {MAX_TOKEN_NAME} tekens", field="naam"
        )
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    assert owner is not None
    with uow:
        if repo.user_by_id(uow.session, owner) is None:
            raise NotFound("deze gebruiker bestaat niet")
        token = repo.add_token(uow.session, digest(secret), owner, cleaned, _now(), None)
        uow.commit()
    return NewApiToken(token, secret)


def list_api_tokens(uow: UnitOfWork, actor: Actor) -> list[ApiToken]:
    require(actor, "token.manage")
    assert actor.user_id is not None
    with uow:
        return repo.tokens_of(uow.session, actor.user_id)


def revoke_api_token(uow: UnitOfWork, actor: Actor, token_id: int) -> None:
    require(actor, "token.manage")
    assert actor.user_id is not None
    with uow:
        if not repo.delete_token(uow.session, actor.user_id, token_id):
            raise NotFound("deze sleutel bestaat niet (meer)")
        uow.commit()


def resolve_api_token(uow: UnitOfWork, secret: str) -> Actor | None:
    """The actor of a Bearer token; None when unknown, expired or the user is disabled."""
    if not secret or len(secret) > 200:
        return None
    moment = _now()
    with uow:
        found = repo.token_by_hash(uow.session, digest(secret))
        if found is None:
            return None
        user_id, token = found
        if token.expires_at is not None and utc(token.expires_at) <= moment:
            return None
        user = repo.user_by_id(uow.session, user_id)
        if user is None or user[0].disabled:
            return None
        if token.last_used_at is None or moment - utc(token.last_used_at) > TOUCH_EVERY:
            repo.touch_token(uow.session, token.id, moment)
            uow.commit()
    return user[0].actor()
