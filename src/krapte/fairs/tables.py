"""ORM tables of job fairs: the fair, its programme, its participating organisations, its
registrations (personal data: name and e-mail address, removed at cancellation) and the
applications that came from it (counts per organisation, recorded after the event).

Organisations are names, as on offers and memberships (there is no organisation table); the
placement round a fair shows offers of is an id without a foreign key (none across capabilities).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from krapte.db.base import Base
from krapte.fairs.core.records import MAX_NAME, MAX_TITLE, MAX_VENUE

MAX_EMAIL = 254
MUNICIPALITY = 120
PROVINCE = 40


class Fair(Base):
    __tablename__ = "fair"
    __table_args__ = (
        Index("ix_fair_starts_at", "starts_at"),
        Index("ix_fair_province", "province"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    title: Mapped[str] = mapped_column(String(MAX_TITLE))
    organiser: Mapped[str] = mapped_column(String(MAX_NAME))
    municipality: Mapped[str] = mapped_column(String(MUNICIPALITY))
    province: Mapped[str] = mapped_column(String(PROVINCE))
    venue: Mapped[str] = mapped_column(String(MAX_VENUE))
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ends_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    capacity: Mapped[int] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(Text, default="")
    round_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    walk_ins: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class FairItem(Base):
    __tablename__ = "fair_item"

    fair_id: Mapped[int] = mapped_column(
        ForeignKey("fair.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    title: Mapped[str] = mapped_column(String(MAX_TITLE))
    kind: Mapped[str] = mapped_column(String(20))
    organisation: Mapped[str] = mapped_column(String(MAX_NAME), default="")


class FairParticipant(Base):
    __tablename__ = "fair_participant"

    fair_id: Mapped[int] = mapped_column(
        ForeignKey("fair.id", ondelete="CASCADE"), primary_key=True
    )
    organisation: Mapped[str] = mapped_column(String(MAX_NAME), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    applications: Mapped[int | None] = mapped_column(Integer, nullable=True)
    """Applications that came from the fair (recorded after it; None: not recorded)."""


class FairRegistration(Base):
    __tablename__ = "fair_registration"
    __table_args__ = (
        UniqueConstraint("fair_id", "email", name="uq_fair_registration_email"),
        UniqueConstraint("token_hash", name="uq_fair_registration_token_hash"),
        Index("ix_fair_registration_fair_status", "fair_id", "status", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    fair_id: Mapped[int] = mapped_column(ForeignKey("fair.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(MAX_NAME))
    email: Mapped[str] = mapped_column(String(MAX_EMAIL))
    status: Mapped[str] = mapped_column(String(20))
    token_hash: Mapped[str] = mapped_column(String(64))
    consent_text: Mapped[str] = mapped_column(String(40))
    """The version of the privacy text the visitor agreed to."""
    consented_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    attended: Mapped[bool] = mapped_column(Boolean, default=False)
