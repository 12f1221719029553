"""ORM tables of the workforce monitor: organisations, staff records, long-term absences.

Dates are whole days since 1970-01-01 (``*_day`` columns): the indicators compare them with the
bounds of calendar years in plain SQL, the same on SQLite and PostgreSQL. Staff records hold no
name and no national register number, only the organisation's pseudonym; absences are linked to
their record by organisation and pseudonym.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Float, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from krapte.db.base import Base
from krapte.workforce.core.records import (
    MAX_MUNICIPALITY,
    MAX_NAME,
    MAX_PROGRAMME,
    MAX_PSEUDONYM,
)


class WorkforceOrganisation(Base):
    """An organisation; ``name`` is the key memberships and offers use."""

    __tablename__ = "workforce_organisation"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(MAX_NAME), unique=True)
    subsector: Mapped[str] = mapped_column(String(80))
    size_class: Mapped[str] = mapped_column(String(20))
    province: Mapped[str] = mapped_column(String(40))
    municipality: Mapped[str] = mapped_column(String(MAX_MUNICIPALITY), default="")
    records_as_of_day: Mapped[int | None] = mapped_column(Integer, nullable=True)
    """The day the latest import describes (its date); NULL before the first import."""
    imported_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class WorkforceRecord(Base):
    """One employment of one person (pseudonymous)."""

    __tablename__ = "workforce_record"
    __table_args__ = (
        Index("ix_workforce_record_organisation_start", "organisation_id", "start_day"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("workforce_organisation.id", ondelete="CASCADE")
    )
    pseudonym: Mapped[str] = mapped_column(String(MAX_PSEUDONYM))
    function: Mapped[str] = mapped_column(String(20))
    programme: Mapped[str] = mapped_column(String(MAX_PROGRAMME), default="")
    level: Mapped[str] = mapped_column(String(20))
    fte: Mapped[float] = mapped_column(Float)
    birth_first: Mapped[int] = mapped_column(Integer)
    birth_last: Mapped[int] = mapped_column(Integer)
    start_day: Mapped[int] = mapped_column(Integer)
    end_day: Mapped[int | None] = mapped_column(Integer, nullable=True)
    start_year: Mapped[int] = mapped_column(Integer)
    """The calendar year of ``start_day`` (the sector counts flows per year without a join)."""
    end_year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    exit_reason: Mapped[str | None] = mapped_column(String(60), nullable=True)


class WorkforceAbsence(Base):
    """A long-term absence period of a record (by organisation and pseudonym)."""

    __tablename__ = "workforce_absence"
    __table_args__ = (Index("ix_workforce_absence_organisation", "organisation_id", "first_day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("workforce_organisation.id", ondelete="CASCADE")
    )
    pseudonym: Mapped[str] = mapped_column(String(MAX_PSEUDONYM))
    first_day: Mapped[int] = mapped_column(Integer)
    last_day: Mapped[int] = mapped_column(Integer)


# The pulse survey's tables belong to this capability too (the registry imports this module).
from krapte.workforce.survey import tables as survey_tables  # noqa: E402, F401
