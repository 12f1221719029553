"""ORM tables of experts and job alerts.

Tokens of the links krapte mails (confirm, withdraw, unsubscribe) are stored only as their
SHA-256. Deleting a profile or a subscription deletes its tokens, contact log and deliveries
(the repository deletes them explicitly, so the rule holds on SQLite without foreign-key
enforcement too). Multi-valued choices (fields, languages) are stored as ``;key;key;`` so that
a search is one ``LIKE '%;key;%'``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from krapte.db.base import Base
from krapte.experts.core.profile import MAX_AVAILABILITY, MAX_EMAIL, MAX_NAME, MAX_SUMMARY

DIGEST = 64


class ExpertProfile(Base):
    __tablename__ = "expert_profile"
    __table_args__ = (Index("ix_expert_profile_status_name", "status", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(MAX_NAME))
    email: Mapped[str] = mapped_column(String(MAX_EMAIL))
    fields: Mapped[str] = mapped_column(String(1000))
    region: Mapped[str] = mapped_column(String(40))
    languages: Mapped[str] = mapped_column(String(1000))
    availability: Mapped[str] = mapped_column(String(MAX_AVAILABILITY), default="")
    summary: Mapped[str] = mapped_column(String(MAX_SUMMARY), default="")
    status: Mapped[str] = mapped_column(String(20))
    consent_version: Mapped[str] = mapped_column(String(40))
    consent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    approved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    approved_by: Mapped[int | None] = mapped_column(Integer, nullable=True)
    user_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    confirm_hash: Mapped[str | None] = mapped_column(String(DIGEST), nullable=True, unique=True)
    withdraw_hash: Mapped[str] = mapped_column(String(DIGEST), unique=True)


class ExpertThrottle(Base):
    """One use of a rate-limited form (contact, opt-in, subscribe): by kind, subject, client."""

    __tablename__ = "expert_throttle"
    __table_args__ = (Index("ix_expert_throttle_kind_at", "kind", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(20))
    subject: Mapped[str] = mapped_column(String(40), default="")
    client: Mapped[str] = mapped_column(String(DIGEST))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class AlertSubscription(Base):
    __tablename__ = "alert_subscription"
    __table_args__ = (
        UniqueConstraint("email", "region", "programme", "level", name="uq_alert_subscription"),
        Index("ix_alert_subscription_active", "active", "region"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    email: Mapped[str] = mapped_column(String(MAX_EMAIL))
    region: Mapped[str] = mapped_column(String(40), default="")
    programme: Mapped[str] = mapped_column(String(200), default="")
    level: Mapped[str] = mapped_column(String(20), default="")
    active: Mapped[bool] = mapped_column(default=False)
    consent_version: Mapped[str] = mapped_column(String(40))
    consent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    base_url: Mapped[str] = mapped_column(String(300))
    """The site's address when they subscribed: the links in their mails start with it."""


class AlertToken(Base):
    """A link mailed to a subscriber: ``confirm`` (once) or ``unsubscribe`` (one per mail)."""

    __tablename__ = "alert_token"

    token_hash: Mapped[str] = mapped_column(String(DIGEST), primary_key=True)
    subscription_id: Mapped[int] = mapped_column(
        ForeignKey("alert_subscription.id", ondelete="CASCADE"), index=True
    )
    purpose: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class AlertDelivery(Base):
    """A vacancy mailed to a subscription (a vacancy is never mailed twice to the same one)."""

    __tablename__ = "alert_delivery"

    subscription_id: Mapped[int] = mapped_column(
        ForeignKey("alert_subscription.id", ondelete="CASCADE"), primary_key=True
    )
    vacancy_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
