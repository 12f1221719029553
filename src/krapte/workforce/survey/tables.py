"""ORM tables of the pulse survey: surveys, their one-time links and the anonymous responses.

A link keeps only the SHA-256 of its random token and whether it was used (no time of use). A
response keeps only its survey and its answers: no token, no link, no time, and a random key (an
increasing number would give away the order of the answers).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from krapte.db.base import Base

DIGEST = 64  # hex SHA-256
MAX_ORGANISATION = 200
MAX_TITLE = 200


class WorkforceSurvey(Base):
    __tablename__ = "workforce_survey"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    organisation: Mapped[str] = mapped_column(String(MAX_ORGANISATION), index=True)
    """The organisation's name, the same text as on memberships (no foreign key)."""
    title: Mapped[str] = mapped_column(String(MAX_TITLE), default="")
    opened_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    opened_by: Mapped[int | None] = mapped_column(Integer, nullable=True)


class WorkforceSurveyLink(Base):
    __tablename__ = "workforce_survey_link"

    token_hash: Mapped[str] = mapped_column(String(DIGEST), primary_key=True)
    survey_id: Mapped[int] = mapped_column(
        ForeignKey("workforce_survey.id", ondelete="CASCADE"), index=True
    )
    used: Mapped[bool] = mapped_column(Boolean, default=False)


class WorkforceSurveyResponse(Base):
    """One person's answers: 0 nooit, 1 soms, 2 vaak, 3 altijd (see ``core.questionnaire``)."""

    __tablename__ = "workforce_survey_response"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    survey_id: Mapped[int] = mapped_column(
        ForeignKey("workforce_survey.id", ondelete="CASCADE"), index=True
    )
    work_stress: Mapped[int] = mapped_column(SmallInteger)
    motivation: Mapped[int] = mapped_column(SmallInteger)
    learning: Mapped[int] = mapped_column(SmallInteger)
    work_life: Mapped[int] = mapped_column(SmallInteger)
    emotional_load: Mapped[int] = mapped_column(SmallInteger)
    workload: Mapped[int] = mapped_column(SmallInteger)
    autonomy: Mapped[int] = mapped_column(SmallInteger)
