"""ORM tables of vacancies: ``vacancy`` (published by an organisation) and
``vacancy_application`` (personal data, read only by the vacancy's organisation).

Organisations are keyed by name (there is no organisation table; accounts carry the names).
``programmes`` repeats the classified programme and the accepted diplomas as ``;a;b;`` so that a
diploma filter is one indexed-free LIKE on a short column; ``accepted_diplomas`` keeps the list
as typed (JSON).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from krapte.db.base import Base
from krapte.vacancies.core.vacancy import MAX_SHORT, MAX_TITLE, MAX_URL

ORGANISATION = 300


class VacancyRow(Base):
    __tablename__ = "vacancy"
    __table_args__ = (
        UniqueConstraint("organisation", "reference", name="uq_vacancy_reference"),
        Index("ix_vacancy_posted", "posted_on", "id"),
        Index("ix_vacancy_province", "province", "posted_on", "id"),
        # partial: only withdrawn rows, so that searches (withdrawn_at IS NULL) never pick it
        Index(
            "ix_vacancy_withdrawn",
            "withdrawn_at",
            sqlite_where=text("withdrawn_at IS NOT NULL"),
            postgresql_where=text("withdrawn_at IS NOT NULL"),
        ),
        Index("ix_vacancy_organisation", "organisation"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    organisation: Mapped[str] = mapped_column(String(ORGANISATION))
    reference: Mapped[str | None] = mapped_column(String(MAX_SHORT), nullable=True)
    title: Mapped[str] = mapped_column(String(MAX_TITLE))
    occupation: Mapped[str] = mapped_column(String(MAX_SHORT))
    specialisation: Mapped[str] = mapped_column(String(MAX_SHORT), default="")
    level: Mapped[str] = mapped_column(String(20))
    programme: Mapped[str] = mapped_column(String(MAX_SHORT))
    accepted_diplomas: Mapped[str] = mapped_column(Text, default="[]")
    programmes: Mapped[str] = mapped_column(Text, default="")
    competence_route: Mapped[str] = mapped_column(Text, default="")
    municipality: Mapped[str] = mapped_column(String(MAX_SHORT))
    province: Mapped[str] = mapped_column(String(40))
    sector: Mapped[str] = mapped_column(String(MAX_SHORT))
    hours: Mapped[float] = mapped_column(Float)
    contract: Mapped[str] = mapped_column(String(40))
    joint_committee: Mapped[str] = mapped_column(String(MAX_SHORT), default="")
    pay_scale: Mapped[str] = mapped_column(String(MAX_SHORT), default="")
    description: Mapped[str] = mapped_column(Text)
    apply_url: Mapped[str] = mapped_column(String(MAX_URL), default="")
    posted_on: Mapped[date] = mapped_column(Date)
    closes_on: Mapped[date] = mapped_column(Date)
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[int | None] = mapped_column(Integer, nullable=True)
    warnings: Mapped[str] = mapped_column(Text, default="[]")


class ApplicationRow(Base):
    __tablename__ = "vacancy_application"
    __table_args__ = (
        Index("ix_vacancy_application_vacancy", "vacancy_id"),
        Index("ix_vacancy_application_organisation", "organisation", "applied_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    vacancy_id: Mapped[int] = mapped_column(ForeignKey("vacancy.id", ondelete="CASCADE"))
    organisation: Mapped[str] = mapped_column(String(ORGANISATION))
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    phone: Mapped[str] = mapped_column(String(40), default="")
    message: Mapped[str] = mapped_column(Text, default="")
    applied_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    consent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    consent_version: Mapped[str] = mapped_column(String(20))
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    answer: Mapped[str] = mapped_column(Text, default="")
    source_fair_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
