"""ORM tables of the action plan's follow-up: actions (their state now) and events (their history).

``actionplan_event`` is the history: every change to an action is one row, and rows are never
updated or deleted (the migration adds triggers that refuse it, on SQLite and PostgreSQL).
``actionplan_action`` holds each action's state as its events make it, so that lists and filters
are one query; :func:`krapte.actionplan.core.followup.replay` rebuilds it from the events. The
recommendations themselves are bundled data (:mod:`krapte.actionplan.core.bundle`), not rows.
``user_id`` refers to an account of :mod:`krapte.accounts` without a foreign key (no foreign
keys across capabilities).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from krapte.actionplan.core.followup import MAX_OWNER, MAX_ROLE, MAX_TITLE, MAX_URL
from krapte.db.base import Base

STATUS = 20


class ActionplanAction(Base):
    __tablename__ = "actionplan_action"
    __table_args__ = (
        UniqueConstraint("recommendation", "number", name="uq_actionplan_action_number"),
        Index("ix_actionplan_action_owner", "owner"),
        Index("ix_actionplan_action_status_due", "status", "due_date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    recommendation: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(MAX_TITLE))
    owner: Mapped[str] = mapped_column(String(MAX_OWNER))
    contact_role: Mapped[str] = mapped_column(String(MAX_ROLE), default="")
    start_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    due_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    status: Mapped[str] = mapped_column(String(STATUS))
    indicators: Mapped[str] = mapped_column(Text, default="[]")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ActionplanEvent(Base):
    __tablename__ = "actionplan_event"
    __table_args__ = (
        Index("ix_actionplan_event_action", "recommendation", "action_number", "id"),
        Index("ix_actionplan_event_at", "at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    recommendation: Mapped[int] = mapped_column(Integer)
    action_number: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    user_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    actor_name: Mapped[str] = mapped_column(String(200), default="")
    acting_as: Mapped[str] = mapped_column(String(MAX_OWNER), default="")
    status_from: Mapped[str | None] = mapped_column(String(STATUS), nullable=True)
    status_to: Mapped[str | None] = mapped_column(String(STATUS), nullable=True)
    changes: Mapped[str] = mapped_column(Text, default="{}")
    note: Mapped[str] = mapped_column(Text, default="")
    evidence_url: Mapped[str] = mapped_column(String(MAX_URL), default="")
    progress_on: Mapped[date | None] = mapped_column(Date, nullable=True)
