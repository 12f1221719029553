"""Accounts: users and their roles, invitations, sign-in with throttling, passwords.

Every function takes the unit of work first and, for what an actor does, the :class:`Actor`
second; it asks the permission function (:func:`require`) before it reads or writes anything.
Sessions and API tokens are in :mod:`krapte.accounts.sessions` (re-exported here).
"""

from __future__ import annotations

import math
import secrets
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

from krapte.accounts import passwords
from krapte.accounts import repository as repo
from krapte.accounts.core.permissions import ROLE_LABELS, Actor, Role, require
from krapte.accounts.core.records import (
    MAX_EMAIL,
    MAX_NAME,
    MAX_SCOPE,
    Invitation,
    Membership,
    PendingInvitation,
    User,
)
from krapte.accounts.mail import send_message
from krapte.accounts.sessions import (
    create_api_token,
    create_session,
    digest,
    list_api_tokens,
    resolve_api_token,
    resolve_session,
    revoke_api_token,
    revoke_session,
    utc,
)
from krapte.db.uow import UnitOfWork
from krapte.errors import Conflict, InvalidInput, NotFound
from krapte.settings import Settings, get_settings

__all__ = [
    "MAX_FAILURES",
    "THROTTLE_WINDOW",
    "TooManyAttempts",
    "accept_invitation",
    "add_user",
    "authenticate",
    "change_password",
    "create_api_token",
    "create_session",
    "disable_user",
    "find_user",
    "invitation",
    "invite",
    "list_api_tokens",
    "list_users",
    "own_account",
    "resolve_api_token",
    "resolve_session",
    "revoke_api_token",
    "revoke_session",
    "set_password",
]

MAX_FAILURES = 5
THROTTLE_WINDOW = timedelta(minutes=15)
WRONG_LOGIN = "het e-mailadres of het wachtwoord klopt niet"
SCOPED = {Role.SCHOOL: "school", Role.ORGANISATION: "organisatie"}


class TooManyAttempts(Conflict):
    """Too many failed sign-ins: wait ``retry_after_s`` seconds (the web answers 429)."""

    code = "too_many_attempts"
    http_status = 429

    def __init__(self, retry_after_s: int) -> None:
        minutes = max(1, math.ceil(retry_after_s / 60))
        super().__init__(
            "te veel mislukte aanmeldpogingen; probeer het opnieuw over "
            f"{minutes} {'minuut' if minutes == 1 else 'minuten'}"
        )
        self.retry_after_s = retry_after_s


def now() -> datetime:
    return datetime.now(UTC)


def normalise_email(email: str, field: str = "e-mailadres") -> str:
    cleaned = email.strip().lower()
    local, at, domain = cleaned.partition("@")
    if not at or not local or "." not in domain or len(cleaned) > MAX_EMAIL or " " in cleaned:
        raise InvalidInput.single(f"'{email.strip()[:80]}' is geen geldig e-mailadres", field=field)
    return cleaned


def memberships_for(role: Role | str, scopes: Iterable[str]) -> list[Membership]:
    """The memberships of a role and its scopes; schools and organisations need at least one."""
    try:
        chosen = Role(role)
    except ValueError:
        keys = ", ".join(str(r) for r in Role)
        raise InvalidInput.single(f"onbekende rol '{role}'; kies uit {keys}", field="rol") from None
    cleaned = sorted({s.strip() for s in scopes if s.strip()})
    if too_long := [s for s in cleaned if len(s) > MAX_SCOPE]:
        raise InvalidInput.single(f"de naam '{too_long[0][:40]}…' is te lang", field="rol")
    if chosen in SCOPED:
        if not cleaned:
            raise InvalidInput.single(
                f"een {ROLE_LABELS[chosen]} hoort bij minstens één {SCOPED[chosen]}", field="rol"
            )
        return [Membership(chosen, scope) for scope in cleaned]
    if cleaned:
        raise InvalidInput.single(
            f"een {ROLE_LABELS[chosen]} hoort niet bij een school of organisatie", field="rol"
        )
    return [Membership(chosen)]


def _clean_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if len(cleaned) > MAX_NAME:
        raise InvalidInput.single(f"een naam heeft hoogstens {MAX_NAME} tekens", field="naam")
    return cleaned


def add_user(
    uow: UnitOfWork,
    actor: Actor,
    email: str,
    name: str,
    role: Role | str,
    scopes: Iterable[str] = (),
    password: str | None = None,
) -> User:
    """Add a user with one role; without a password they can sign in only after a reset."""
    require(actor, "user.manage")
    address = normalise_email(email)
    memberships = memberships_for(role, scopes)
    if password is not None:
        passwords.check_new(password)
    hashed = passwords.hash_password(password) if password is not None else ""
    with uow:
        if repo.user_by_email(uow.session, address) is not None:
            raise Conflict(f"er is al een gebruiker met e-mailadres {address}")
        user_id = repo.add_user(uow.session, address, _clean_name(name), hashed, memberships, now())
        found = repo.user_by_id(uow.session, user_id)
        uow.commit()
    assert found is not None
    return found[0]


def list_users(uow: UnitOfWork, actor: Actor) -> list[User]:
    require(actor, "user.manage")
    with uow:
        return repo.list_users(uow.session)


def own_account(uow: UnitOfWork, actor: Actor) -> User:
    """The signed-in user's own account (roles, schools, organisations)."""
    require(actor, "token.manage")
    assert actor.user_id is not None
    with uow:
        found = repo.user_by_id(uow.session, actor.user_id)
    if found is None:
        raise NotFound("dit account bestaat niet meer")
    return found[0]


def find_user(uow: UnitOfWork, actor: Actor, email: str) -> User:
    require(actor, "user.manage")
    address = normalise_email(email)
    with uow:
        found = repo.user_by_email(uow.session, address)
    if found is None:
        raise NotFound(f"er is geen gebruiker met e-mailadres {address}")
    return found[0]


def disable_user(uow: UnitOfWork, actor: Actor, email: str) -> User:
    """Disable a user: they can no longer sign in, and their sessions end now."""
    require(actor, "user.manage")
    address = normalise_email(email)
    with uow:
        found = repo.user_by_email(uow.session, address)
        if found is None:
            raise NotFound(f"er is geen gebruiker met e-mailadres {address}")
        repo.set_user(uow.session, found[0].id, disabled=True)
        repo.delete_sessions_of(uow.session, found[0].id)
        result = repo.user_by_id(uow.session, found[0].id)
        uow.commit()
    assert result is not None
    return result[0]


def set_password(uow: UnitOfWork, actor: Actor, email: str, password: str) -> User:
    """An administrator sets a user's password (the demo's accounts, say); their sessions end."""
    require(actor, "user.manage")
    address = normalise_email(email)
    passwords.check_new(password)
    with uow:
        found = repo.user_by_email(uow.session, address)
        if found is None:
            raise NotFound(f"er is geen gebruiker met e-mailadres {address}")
        repo.set_user(uow.session, found[0].id, password_hash=passwords.hash_password(password))
        repo.delete_sessions_of(uow.session, found[0].id)
        uow.commit()
    return found[0]


def change_password(uow: UnitOfWork, actor: Actor, current: str, new: str, repeated: str) -> User:
    """The signed-in user changes their own password (the current one is asked again). Every
    session of theirs ends, so a session opened with the old password does not outlive it; the
    caller signs the user in again."""
    require(actor, "token.manage")
    assert actor.user_id is not None
    passwords.check_new(new, repeated, field="nieuw wachtwoord")
    with uow:
        found = repo.user_by_id(uow.session, actor.user_id)
        if found is None or not passwords.verify(current, found[1]):
            raise InvalidInput.single("je huidige wachtwoord klopt niet", field="huidig wachtwoord")
        repo.set_user(uow.session, actor.user_id, password_hash=passwords.hash_password(new))
        repo.delete_sessions_of(uow.session, actor.user_id)
        uow.commit()
        return found[0]


# --- invitations -----------------------------------------------------------------------------


#: Roles that manage others: only an administrator hands them out (a round administrator invites
#: the round's participants, never another manager).
MANAGING_ROLES = frozenset({Role.ADMIN, Role.ROUND_ADMIN})


def invite(
    uow: UnitOfWork,
    actor: Actor,
    email: str,
    role: Role | str,
    scopes: Iterable[str] = (),
    base_url: str = "http://127.0.0.1:8000",
    *,
    settings: Settings | None = None,
) -> Invitation:
    """Invite someone by a one-time link that expires; mailed (SMTP) or written to the outbox.

    The mail is sent only after the invitation is stored, so a failed commit sends nothing.
    """
    require(actor, "user.invite")
    memberships = memberships_for(role, scopes)
    if memberships[0].role in MANAGING_ROLES:
        require(actor, "user.manage")  # only administrators make (round) administrators
    address = normalise_email(email)
    settings = settings or get_settings()
    token = secrets.token_urlsafe(32)
    expires = now() + timedelta(hours=settings.invitation_ttl_h)
    pending = PendingInvitation(
        address, memberships[0].role, tuple(m.scope for m in memberships if m.scope), expires
    )
    link = f"{base_url.rstrip('/')}/uitnodiging/{quote(token)}"
    with uow:
        if repo.user_by_email(uow.session, address) is not None:
            raise Conflict(f"er is al een gebruiker met e-mailadres {address}")
        repo.add_invitation(uow.session, digest(token), pending, now(), actor.user_id or None)
        uow.commit()
    delivered = _send_invitation(settings, pending, link)
    return Invitation(address, pending.role, pending.scopes, expires, link, delivered)


def _send_invitation(settings: Settings, pending: PendingInvitation, link: str) -> str:
    scopes = f" ({', '.join(pending.scopes)})" if pending.scopes else ""
    until = pending.expires_at.strftime("%d-%m-%Y %H:%M UTC")
    body = (
        "Dag,\n\n"
        f"Je bent uitgenodigd voor krapte als {ROLE_LABELS[pending.role]}{scopes}.\n"
        "Open deze link om je account te maken (hij werkt één keer, "
        f"tot {until}):\n\n{link}\n\n"
        "Verwachtte je deze uitnodiging niet? Dan kun je deze mail negeren.\n"
    )
    return send_message(settings, pending.email, "Je uitnodiging voor krapte", body)


def _valid_invitation(uow: UnitOfWork, token: str) -> PendingInvitation:
    found = repo.invitation_by_hash(uow.session, digest(token))
    if found is None:
        raise NotFound("deze uitnodiging bestaat niet; vraag een nieuwe aan wie je uitnodigde")
    pending, used_at = found
    if used_at is not None:
        raise Conflict(
            "deze uitnodiging is al gebruikt; meld je aan, of vraag een nieuwe uitnodiging"
        )
    if utc(pending.expires_at) < now():
        raise Conflict("deze uitnodiging is verlopen; vraag een nieuwe aan wie je uitnodigde")
    return pending


def invitation(uow: UnitOfWork, token: str) -> PendingInvitation:
    """The invitation behind a link, if it can still be used (else a Dutch error why not)."""
    with uow:
        return _valid_invitation(uow, token)


def accept_invitation(
    uow: UnitOfWork, token: str, name: str, password: str, repeated: str | None = None
) -> User:
    """Make the invited user's account; the link works once."""
    passwords.check_new(password, repeated)
    cleaned = _clean_name(name)
    if not cleaned:
        raise InvalidInput.single("vul je naam in", field="naam")
    with uow:
        pending = _valid_invitation(uow, token)
        if not repo.use_invitation(uow.session, digest(token), now()):
            raise Conflict("deze uitnodiging is al gebruikt")
        if repo.user_by_email(uow.session, pending.email) is not None:
            raise Conflict(f"er is al een gebruiker met e-mailadres {pending.email}")
        memberships = memberships_for(pending.role, pending.scopes)
        user_id = repo.add_user(
            uow.session,
            pending.email,
            cleaned,
            passwords.hash_password(password),
            memberships,
            now(),
        )
        found = repo.user_by_id(uow.session, user_id)
        uow.commit()
    assert found is not None
    return found[0]


# --- signing in ------------------------------------------------------------------------------


def _throttled(uow: UnitOfWork, email: str, client: str, moment: datetime) -> int:
    """Seconds to wait before another try (0: go ahead)."""
    since = moment - THROTTLE_WINDOW
    wait = 0
    for column, value in (("email", email), ("client", client)):
        count, oldest = repo.failures_since(uow.session, column, value, since)
        if count >= MAX_FAILURES and oldest is not None:
            wait = max(wait, math.ceil((utc(oldest) + THROTTLE_WINDOW - moment).total_seconds()))
    return max(wait, 0)


def authenticate(uow: UnitOfWork, email: str, password: str, client: str) -> User:
    """The user with this e-mail address and password, or a Dutch error.

    After :data:`MAX_FAILURES` failures in :data:`THROTTLE_WINDOW` for the same address or the
    same client, every try is refused (:class:`TooManyAttempts`) until the oldest one is out of
    the window. An unknown address costs as much time as a wrong password (a dummy hash is
    verified), and the message does not say which of the two was wrong.
    """
    address = email.strip().lower()[:MAX_EMAIL]
    client = client[:64]
    moment = now()
    with uow:
        wait = _throttled(uow, address, client, moment)
        if wait:
            raise TooManyAttempts(wait)
        found = repo.user_by_email(uow.session, address)
        good = passwords.verify(password[:1024], found[1] if found else None)
        if not good or found is None or found[0].disabled:
            repo.add_failure(uow.session, address, client, moment)
            uow.commit()
            raise InvalidInput.single(WRONG_LOGIN, field="e-mailadres")
        repo.set_user(uow.session, found[0].id, last_login_at=moment)
        repo.clear_failures(uow.session, address, moment - THROTTLE_WINDOW)
        uow.commit()
    return found[0]
