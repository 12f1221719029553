"""Reading and writing accounts; takes a session, returns the dataclasses of core.records."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from krapte.accounts.core.permissions import Role
from krapte.accounts.core.records import ApiToken, Membership, PendingInvitation, User
from krapte.accounts.tables import (
    AccountApiToken,
    AccountInvitation,
    AccountLoginAttempt,
    AccountMembership,
    AccountSession,
    AccountUser,
)


def _memberships(session: Session, user_ids: list[int]) -> dict[int, list[Membership]]:
    found: dict[int, list[Membership]] = {uid: [] for uid in user_ids}
    if not user_ids:
        return found
    rows = session.execute(
        select(AccountMembership.user_id, AccountMembership.role, AccountMembership.scope)
        .where(AccountMembership.user_id.in_(user_ids))
        .order_by(AccountMembership.role, AccountMembership.scope)
    )
    for user_id, role, scope in rows:
        found[user_id].append(Membership(Role(role), scope))
    return found


def _user(row: AccountUser, memberships: list[Membership]) -> User:
    return User(
        id=row.id,
        email=row.email,
        name=row.name,
        created_at=row.created_at,
        disabled=row.disabled,
        last_login_at=row.last_login_at,
        memberships=tuple(memberships),
    )


def user_by_email(session: Session, email: str) -> tuple[User, str] | None:
    """The user and their password hash."""
    row = session.scalars(select(AccountUser).where(AccountUser.email == email)).one_or_none()
    if row is None:
        return None
    return _user(row, _memberships(session, [row.id])[row.id]), row.password_hash


def user_by_id(session: Session, user_id: int) -> tuple[User, str] | None:
    row = session.get(AccountUser, user_id)
    if row is None:
        return None
    return _user(row, _memberships(session, [row.id])[row.id]), row.password_hash


def list_users(session: Session) -> list[User]:
    rows = list(session.scalars(select(AccountUser).order_by(AccountUser.email)))
    memberships = _memberships(session, [row.id for row in rows])
    return [_user(row, memberships[row.id]) for row in rows]


def add_user(
    session: Session,
    email: str,
    name: str,
    password_hash: str,
    memberships: list[Membership],
    now: datetime,
) -> int:
    row = AccountUser(
        email=email, name=name, password_hash=password_hash, created_at=now, disabled=False
    )
    session.add(row)
    session.flush()
    session.add_all(
        AccountMembership(user_id=row.id, role=str(m.role), scope=m.scope) for m in memberships
    )
    session.flush()
    return row.id


def set_user(session: Session, user_id: int, **values: object) -> None:
    session.execute(update(AccountUser).where(AccountUser.id == user_id).values(**values))


# --- sessions -------------------------------------------------------------------------------


def add_session(
    session: Session, token_hash: str, user_id: int, csrf: str, now: datetime, expires: datetime
) -> None:
    session.add(
        AccountSession(
            token_hash=token_hash,
            user_id=user_id,
            csrf_secret=csrf,
            created_at=now,
            expires_at=expires,
            last_seen_at=now,
        )
    )
    session.flush()


def session_by_hash(
    session: Session, token_hash: str
) -> tuple[int, str, datetime, datetime] | None:
    """(user id, CSRF secret, expires at, last seen at) of a session."""
    row = session.get(AccountSession, token_hash)
    if row is None:
        return None
    return row.user_id, row.csrf_secret, row.expires_at, row.last_seen_at


def touch_session(session: Session, token_hash: str, now: datetime) -> None:
    session.execute(
        update(AccountSession)
        .where(AccountSession.token_hash == token_hash)
        .values(last_seen_at=now)
    )


def delete_session(session: Session, token_hash: str) -> None:
    session.execute(delete(AccountSession).where(AccountSession.token_hash == token_hash))


def delete_sessions_of(session: Session, user_id: int) -> None:
    session.execute(delete(AccountSession).where(AccountSession.user_id == user_id))


def delete_expired_sessions(session: Session, now: datetime) -> None:
    session.execute(delete(AccountSession).where(AccountSession.expires_at < now))


# --- invitations -----------------------------------------------------------------------------


def add_invitation(
    session: Session,
    token_hash: str,
    invitation: PendingInvitation,
    now: datetime,
    created_by: int | None,
) -> None:
    session.add(
        AccountInvitation(
            token_hash=token_hash,
            email=invitation.email,
            role=str(invitation.role),
            scopes=";".join(invitation.scopes),
            created_at=now,
            expires_at=invitation.expires_at,
            used_at=None,
            created_by=created_by,
        )
    )
    session.flush()


def invitation_by_hash(
    session: Session, token_hash: str
) -> tuple[PendingInvitation, datetime | None] | None:
    """The invitation and when it was used (None: not yet)."""
    row = session.scalars(
        select(AccountInvitation).where(AccountInvitation.token_hash == token_hash)
    ).one_or_none()
    if row is None:
        return None
    scopes = tuple(s for s in row.scopes.split(";") if s)
    pending = PendingInvitation(row.email, Role(row.role), scopes, row.expires_at)
    return pending, row.used_at


def use_invitation(session: Session, token_hash: str, now: datetime) -> bool:
    """Mark the invitation used; False when someone used it first (one-time, even in a race)."""
    result = session.execute(
        update(AccountInvitation)
        .where(AccountInvitation.token_hash == token_hash, AccountInvitation.used_at.is_(None))
        .values(used_at=now)
    )
    return bool(getattr(result, "rowcount", 0))


# --- API tokens -------------------------------------------------------------------------------


def _token(row: AccountApiToken) -> ApiToken:
    return ApiToken(row.id, row.name, row.created_at, row.last_used_at, row.expires_at)


def add_token(
    session: Session,
    token_hash: str,
    user_id: int,
    name: str,
    now: datetime,
    expires: datetime | None,
) -> ApiToken:
    row = AccountApiToken(
        token_hash=token_hash, user_id=user_id, name=name, created_at=now, expires_at=expires
    )
    session.add(row)
    session.flush()
    return _token(row)


def tokens_of(session: Session, user_id: int) -> list[ApiToken]:
    rows = session.scalars(
        select(AccountApiToken)
        .where(AccountApiToken.user_id == user_id)
        .order_by(AccountApiToken.created_at, AccountApiToken.id)
    )
    return [_token(row) for row in rows]


def token_by_hash(session: Session, token_hash: str) -> tuple[int, ApiToken] | None:
    row = session.scalars(
        select(AccountApiToken).where(AccountApiToken.token_hash == token_hash)
    ).one_or_none()
    return None if row is None else (row.user_id, _token(row))


def touch_token(session: Session, token_id: int, now: datetime) -> None:
    session.execute(
        update(AccountApiToken).where(AccountApiToken.id == token_id).values(last_used_at=now)
    )


def delete_token(session: Session, user_id: int, token_id: int) -> bool:
    result = session.execute(
        delete(AccountApiToken).where(
            AccountApiToken.id == token_id, AccountApiToken.user_id == user_id
        )
    )
    return bool(getattr(result, "rowcount", 0))


# --- failed sign-ins --------------------------------------------------------------------------


def add_failure(session: Session, email: str, client: str, now: datetime) -> None:
    session.add(AccountLoginAttempt(email=email, client=client, at=now))
    session.flush()


def failures_since(
    session: Session, column: str, value: str, since: datetime
) -> tuple[int, datetime | None]:
    """How many failures by e-mail or client address since then, and the oldest of them."""
    field = AccountLoginAttempt.email if column == "email" else AccountLoginAttempt.client
    count, oldest = session.execute(
        select(func.count(), func.min(AccountLoginAttempt.at)).where(
            field == value, AccountLoginAttempt.at >= since
        )
    ).one()
    return int(count), oldest


def clear_failures(session: Session, email: str, before: datetime) -> None:
    """Forget the e-mail's failures (after a good sign-in) and everyone's older ones."""
    session.execute(
        delete(AccountLoginAttempt).where(
            (AccountLoginAttempt.email == email) | (AccountLoginAttempt.at < before)
        )
    )
