"""ORM tables of central internship placement: rounds, offers, students, preferences, runs.

A round has a phase and planned dates (:mod:`krapte.placement.core.calendar`); rounds imported
from files on the command line start as drafts. Students may be linked to an account (``user_id``
of :mod:`krapte.accounts`, no foreign key across capabilities) and carry the personal data the
round needs: name and e-mail address for their school and, after publication, their placement.

List cells (programmes, levels, study years, languages, priority) are stored as in the files:
``;``-separated text, empty meaning "all"; quotas as ``programme:limit;...``. A round holds the
inputs; every run of a round keeps its seed, engine version, manifest and assignment. Text column
lengths come from :mod:`krapte.placement.core.model`, whose validation keeps longer cells out.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from krapte.db.base import Base
from krapte.placement.core.model import (
    MAX_ID_LENGTH,
    MAX_ROUND_NAME_LENGTH,
    OFFER_MAX_LENGTHS,
    STUDENT_MAX_LENGTHS,
)

_OFFER = OFFER_MAX_LENGTHS
_STUDENT = STUDENT_MAX_LENGTHS


class PlacementRound(Base):
    __tablename__ = "placement_round"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(MAX_ROUND_NAME_LENGTH), unique=True)
    max_choices: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    phase: Mapped[str] = mapped_column(String(20), default="draft", server_default="draft")
    min_choices: Mapped[int] = mapped_column(Integer, default=3, server_default="3")
    """A student's list is complete with this many choices (or every offer they may choose)."""
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    offers_open_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    rankings_open_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    rankings_close_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    publish_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    published_run_id: Mapped[int | None] = mapped_column(Integer)
    """The run everyone sees (set on publication); no foreign key: runs refer to rounds."""
    anonymised_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    offers_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """Counts the changes to the round's offers (:func:`krapte.placement.rounds.state.
    offers_changed`): the key under which a server keeps the offers it has read."""


class PlacementOffer(Base):
    __tablename__ = "placement_offer"

    round_id: Mapped[int] = mapped_column(
        ForeignKey("placement_round.id", ondelete="CASCADE"), primary_key=True
    )
    offer_id: Mapped[str] = mapped_column(String(_OFFER["offer_id"]), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    organisation: Mapped[str] = mapped_column(String(_OFFER["organisation"]), default="")
    municipality: Mapped[str] = mapped_column(String(_OFFER["municipality"]), default="")
    province: Mapped[str] = mapped_column(String(_OFFER["province"]), default="")
    sector: Mapped[str] = mapped_column(String(_OFFER["sector"]), default="")
    capacity: Mapped[int] = mapped_column(Integer)
    programmes: Mapped[str] = mapped_column(Text, default="")
    levels: Mapped[str] = mapped_column(Text, default="")
    study_years: Mapped[str] = mapped_column(Text, default="")
    languages: Mapped[str] = mapped_column(Text, default="")
    quota: Mapped[str] = mapped_column(Text, default="")
    priority: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    period: Mapped[str] = mapped_column(String(200), default="", server_default="")
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class PlacementStudent(Base):
    """A pseudonymous student of one round."""

    __tablename__ = "placement_student"

    round_id: Mapped[int] = mapped_column(
        ForeignKey("placement_round.id", ondelete="CASCADE"), primary_key=True
    )
    student_id: Mapped[str] = mapped_column(String(_STUDENT["student_id"]), primary_key=True)
    school: Mapped[str] = mapped_column(String(_STUDENT["school"]))
    programme: Mapped[str] = mapped_column(String(_STUDENT["programme"]))
    level: Mapped[str] = mapped_column(String(_STUDENT["level"]))
    study_year: Mapped[int] = mapped_column(Integer)
    municipality: Mapped[str] = mapped_column(String(_STUDENT["municipality"]), default="")
    name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    email: Mapped[str] = mapped_column(String(320), default="", server_default="")
    user_id: Mapped[int | None] = mapped_column(Integer, index=True)
    reminded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class PlacementPreference(Base):
    __tablename__ = "placement_preference"
    __table_args__ = (
        UniqueConstraint(
            "round_id", "student_id", "offer_id", name="uq_placement_preference_choice"
        ),
        ForeignKeyConstraint(
            ["round_id", "student_id"],
            ["placement_student.round_id", "placement_student.student_id"],
            ondelete="CASCADE",
        ),
        ForeignKeyConstraint(
            ["round_id", "offer_id"],
            ["placement_offer.round_id", "placement_offer.offer_id"],
            ondelete="CASCADE",
        ),
    )

    round_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    student_id: Mapped[str] = mapped_column(String(MAX_ID_LENGTH), primary_key=True)
    rank: Mapped[int] = mapped_column(Integer, primary_key=True)
    offer_id: Mapped[str] = mapped_column(String(MAX_ID_LENGTH))


class PlacementRun(Base):
    """One allocation of a round: its seed, engine version and manifest (JSON text)."""

    __tablename__ = "placement_run"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("placement_round.id", ondelete="CASCADE"))
    seed: Mapped[int] = mapped_column(Integer)
    engine_version: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    matched: Mapped[int] = mapped_column(Integer)
    unmatched: Mapped[int] = mapped_column(Integer)
    manifest: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(20), default="main", server_default="main")
    """``main`` or ``followup`` (a follow-up run of the unplaced students)."""
    input_sha256: Mapped[str] = mapped_column(String(64), default="", server_default="")
    created_by: Mapped[str] = mapped_column(String(320), default="", server_default="")


class PlacementAssignment(Base):
    """The outcome for one student in one run; ``offer_id`` is empty when unmatched."""

    __tablename__ = "placement_assignment"

    run_id: Mapped[int] = mapped_column(
        ForeignKey("placement_run.id", ondelete="CASCADE"), primary_key=True
    )
    student_id: Mapped[str] = mapped_column(String(MAX_ID_LENGTH), primary_key=True)
    offer_id: Mapped[str] = mapped_column(String(MAX_ID_LENGTH), default="")
    rank_obtained: Mapped[int] = mapped_column(Integer, default=0)
    lottery_number: Mapped[int] = mapped_column(Integer)


class PlacementFollowupPreference(Base):
    """A list an unplaced student makes in the follow-up phase, from the free places."""

    __tablename__ = "placement_followup_preference"
    __table_args__ = (
        UniqueConstraint("round_id", "student_id", "offer_id", name="uq_placement_followup_choice"),
        ForeignKeyConstraint(
            ["round_id", "student_id"],
            ["placement_student.round_id", "placement_student.student_id"],
            ondelete="CASCADE",
        ),
        ForeignKeyConstraint(
            ["round_id", "offer_id"],
            ["placement_offer.round_id", "placement_offer.offer_id"],
            ondelete="CASCADE",
        ),
    )

    round_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    student_id: Mapped[str] = mapped_column(String(MAX_ID_LENGTH), primary_key=True)
    rank: Mapped[int] = mapped_column(Integer, primary_key=True)
    offer_id: Mapped[str] = mapped_column(String(MAX_ID_LENGTH))


class PlacementOutcome(Base):
    """What happened after the match for one placed student: confirmation, mentor, evaluations
    (1 to 5 with a short comment, by the student and by the organisation) and a job offer."""

    __tablename__ = "placement_outcome"
    __table_args__ = (
        ForeignKeyConstraint(
            ["round_id", "student_id"],
            ["placement_student.round_id", "placement_student.student_id"],
            ondelete="CASCADE",
        ),
    )

    round_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    student_id: Mapped[str] = mapped_column(String(MAX_ID_LENGTH), primary_key=True)
    offer_id: Mapped[str] = mapped_column(String(MAX_ID_LENGTH))
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    mentor: Mapped[str] = mapped_column(String(200), default="", server_default="")
    student_score: Mapped[int | None] = mapped_column(Integer)
    student_comment: Mapped[str] = mapped_column(Text, default="", server_default="")
    organisation_score: Mapped[int | None] = mapped_column(Integer)
    organisation_comment: Mapped[str] = mapped_column(Text, default="", server_default="")
    job_offered: Mapped[bool | None] = mapped_column(Boolean)
    updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
