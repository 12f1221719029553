"""ORM tables of accounts: users, their roles, sessions, invitations, API tokens, sign-in tries.

Secrets are never stored: sessions, invitations and API tokens keep only the SHA-256 of their
random token, users only an argon2 hash of their password. Table names start with ``account_``
(``user`` is a reserved word in PostgreSQL).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from krapte.accounts.core.records import MAX_EMAIL, MAX_NAME, MAX_SCOPE, MAX_TOKEN_NAME
from krapte.db.base import Base

DIGEST = 64  # hex SHA-256


class AccountUser(Base):
    __tablename__ = "account_user"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    email: Mapped[str] = mapped_column(String(MAX_EMAIL), unique=True)
    name: Mapped[str] = mapped_column(String(MAX_NAME), default="")
    password_hash: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class AccountMembership(Base):
    """A role of a user, for a scope: "" or the school / organisation it acts for."""

    __tablename__ = "account_membership"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("account_user.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(40), primary_key=True)
    scope: Mapped[str] = mapped_column(String(MAX_SCOPE), primary_key=True, default="")


class AccountSession(Base):
    __tablename__ = "account_session"

    token_hash: Mapped[str] = mapped_column(String(DIGEST), primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("account_user.id", ondelete="CASCADE"), index=True
    )
    csrf_secret: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class AccountInvitation(Base):
    __tablename__ = "account_invitation"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    token_hash: Mapped[str] = mapped_column(String(DIGEST), unique=True)
    email: Mapped[str] = mapped_column(String(MAX_EMAIL))
    role: Mapped[str] = mapped_column(String(40))
    scopes: Mapped[str] = mapped_column(String(4000), default="")
    """The scopes, ``;``-separated (empty: none)."""
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    created_by: Mapped[int | None] = mapped_column(Integer, nullable=True)


class AccountApiToken(Base):
    __tablename__ = "account_api_token"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    token_hash: Mapped[str] = mapped_column(String(DIGEST), unique=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("account_user.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(MAX_TOKEN_NAME))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class AccountLoginAttempt(Base):
    """A failed sign-in, kept for throttling: by e-mail address and by client address."""

    __tablename__ = "account_login_attempt"
    __table_args__ = (
        Index("ix_account_login_attempt_email_at", "email", "at"),
        Index("ix_account_login_attempt_client_at", "client", "at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    email: Mapped[str] = mapped_column(String(MAX_EMAIL))
    client: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
