"""What the accounts service returns: users, invitations, sessions, API tokens (dataclasses)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from krapte.accounts.core.permissions import Actor, Role

MAX_EMAIL = 254
MAX_NAME = 200
MAX_SCOPE = 200
MAX_TOKEN_NAME = 100
MIN_PASSWORD = 12
MAX_PASSWORD = 1024


@dataclass(frozen=True)
class Membership:
    role: Role
    scope: str = ""


@dataclass(frozen=True)
class User:
    id: int
    email: str
    name: str
    created_at: datetime
    disabled: bool
    last_login_at: datetime | None
    memberships: tuple[Membership, ...] = ()

    @property
    def roles(self) -> frozenset[Role]:
        return frozenset(m.role for m in self.memberships)

    def actor(self) -> Actor:
        """The actor this user is: roles, and the schools and organisations they act for."""
        return actor_of(self.id, self.name or self.email, self.memberships)

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "email": self.email,
            "name": self.name,
            "roles": sorted(str(r) for r in self.roles),
            "scopes": sorted(m.scope for m in self.memberships if m.scope),
            "disabled": self.disabled,
            "created_at": self.created_at.isoformat(),
            "last_login_at": self.last_login_at.isoformat() if self.last_login_at else None,
        }


def actor_of(user_id: int, name: str, memberships: tuple[Membership, ...]) -> Actor:
    return Actor(
        user_id=user_id,
        name=name,
        roles=frozenset(m.role for m in memberships),
        schools=frozenset(m.scope for m in memberships if m.role is Role.SCHOOL and m.scope),
        organisations=frozenset(
            m.scope for m in memberships if m.role is Role.ORGANISATION and m.scope
        ),
    )


@dataclass(frozen=True)
class Invitation:
    email: str
    role: Role
    scopes: tuple[str, ...]
    expires_at: datetime
    link: str
    """The one-time link (holds the token: show it only to whom it is sent)."""
    delivered_to: str
    """Where it went: "verstuurd" (SMTP) or the file name in the outbox."""


@dataclass(frozen=True)
class PendingInvitation:
    """An invitation seen through its link, before it is accepted."""

    email: str
    role: Role
    scopes: tuple[str, ...]
    expires_at: datetime


@dataclass(frozen=True)
class NewSession:
    """A session just made: the token goes into the cookie and nowhere else."""

    token: str
    csrf_secret: str
    expires_at: datetime
    user: User


@dataclass(frozen=True)
class SignedIn:
    """The actor of a request, with its session's CSRF secret ("" for an API token)."""

    actor: Actor
    csrf_secret: str = ""


@dataclass(frozen=True)
class ApiToken:
    id: int
    name: str
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime | None

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "name": self.name,
            "created_at": self.created_at.isoformat(),
            "last_used_at": self.last_used_at.isoformat() if self.last_used_at else None,
            "expires_at": self.expires_at.isoformat() if self.expires_at else None,
        }


@dataclass(frozen=True)
class NewApiToken:
    """A token just made: ``secret`` is shown once and stored only as its SHA-256."""

    token: ApiToken
    secret: str
