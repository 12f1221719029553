"""ORM tables of the data hub: reference lists, datasets, versioned releases, observations.

Dimension columns of an observation use the empty string for "not applicable" (never NULL), so
that the natural key can be enforced by a unique constraint on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from krapte.datahub.core.records import IDENTITY, MAX_LENGTHS
from krapte.db.base import Base


class Institution(Base):
    __tablename__ = "institution"

    name: Mapped[str] = mapped_column(String(200), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))  # hogeschool | universiteit | ...
    campus_city: Mapped[str] = mapped_column(String(120))
    province: Mapped[str] = mapped_column(String(60))
    note: Mapped[str] = mapped_column(Text, default="")


class Programme(Base):
    __tablename__ = "programme"

    name: Mapped[str] = mapped_column(String(200), primary_key=True)
    level: Mapped[str] = mapped_column(String(20), primary_key=True)
    family: Mapped[str] = mapped_column(String(40))  # sociaal werk | sociaal-agogisch | zorg
    note: Mapped[str] = mapped_column(Text, default="")


class Classification(Base):
    """The report's proposed classification (4.1.5, rec. 11).

    Occupation x specialisation x level, mapped onto a programme.
    """

    __tablename__ = "classification"

    occupation: Mapped[str] = mapped_column(String(120), primary_key=True)
    specialisation: Mapped[str] = mapped_column(String(120), primary_key=True)
    level: Mapped[str] = mapped_column(String(20), primary_key=True)
    programme: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(Text, default="")


class Dataset(Base):
    __tablename__ = "dataset"

    name: Mapped[str] = mapped_column(String(MAX_LENGTHS["dataset"]), primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    releases: Mapped[list[Release]] = relationship(
        back_populates="dataset", order_by="Release.version"
    )


class Release(Base):
    """One imported version of a dataset; older releases stay queryable."""

    __tablename__ = "release"
    __table_args__ = (UniqueConstraint("dataset_name", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    dataset_name: Mapped[str] = mapped_column(ForeignKey("dataset.name"))
    version: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(Text)  # bundled file or imported path
    checksum: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    row_count: Mapped[int] = mapped_column(Integer)
    dataset: Mapped[Dataset] = relationship(back_populates="releases")


#: The identity's dimensions in the order the explorer lists rows (same set as ``IDENTITY``).
KEY_ORDER: tuple[str, ...] = (
    "measure",
    "level",
    "programme",
    "institution",
    "geography",
    "category",
    "period",
)
assert set(KEY_ORDER) == set(IDENTITY)


class Observation(Base):
    """One tidy, long-format figure with its source."""

    __tablename__ = "observation"
    __table_args__ = (
        # One index serves both the natural key and the explorer's default row order
        # (krapte.datahub.queries.ROW_ORDER, then period): a page is read straight from it.
        UniqueConstraint("release_id", *KEY_ORDER, "source_table", name="uq_observation_key"),
        Index("ix_observation_lookup", "release_id", "measure", "period"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    release_id: Mapped[int] = mapped_column(ForeignKey("release.id", ondelete="CASCADE"))
    measure: Mapped[str] = mapped_column(String(MAX_LENGTHS["measure"]))
    period: Mapped[str] = mapped_column(String(MAX_LENGTHS["period"]))
    geography: Mapped[str] = mapped_column(String(MAX_LENGTHS["geography"]), default="Vlaanderen")
    institution: Mapped[str] = mapped_column(String(MAX_LENGTHS["institution"]), default="")
    programme: Mapped[str] = mapped_column(String(MAX_LENGTHS["programme"]), default="")
    level: Mapped[str] = mapped_column(String(MAX_LENGTHS["level"]), default="")
    category: Mapped[str] = mapped_column(String(MAX_LENGTHS["category"]), default="")
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(MAX_LENGTHS["unit"]))
    source: Mapped[str] = mapped_column(String(MAX_LENGTHS["source"]), default="")
    section: Mapped[str] = mapped_column(String(MAX_LENGTHS["section"]), default="")
    source_table: Mapped[str] = mapped_column(String(MAX_LENGTHS["table"]), default="")
    note: Mapped[str] = mapped_column(Text, default="")


class ReleaseChoice(Base):
    """A value of one dimension in one version: the explorer's filter choices, written with the
    version (a stored version never changes), so a page never scans the version's figures for
    them. ``geography`` rows hold each (geography, institution) pair, the province's inputs."""

    __tablename__ = "release_choice"

    release_id: Mapped[int] = mapped_column(
        ForeignKey("release.id", ondelete="CASCADE"), primary_key=True
    )
    dimension: Mapped[str] = mapped_column(String(20), primary_key=True)
    value: Mapped[str] = mapped_column(Text, primary_key=True)
    institution: Mapped[str] = mapped_column(Text, primary_key=True, default="")
