"""placement round in the browser: calendar, personal fields, follow-up lists, outcomes

Rounds stored before this revision become drafts with a minimum list length of 3.

Revision ID: 0005_placement_round
Revises: 0004_release_choice
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_placement_round"
down_revision: str | None = "0004_release_choice"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("placement_round") as batch:
        batch.add_column(sa.Column("phase", sa.String(20), server_default="draft", nullable=False))
        batch.add_column(sa.Column("min_choices", sa.Integer(), server_default="3", nullable=False))
        batch.add_column(sa.Column("description", sa.Text(), server_default="", nullable=False))
        for column in ("offers_open_at", "rankings_open_at", "rankings_close_at", "publish_at"):
            batch.add_column(sa.Column(column, _WHEN, nullable=True))
        batch.add_column(sa.Column("published_run_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("anonymised_at", _WHEN, nullable=True))
    with op.batch_alter_table("placement_offer") as batch:
        batch.add_column(sa.Column("period", sa.String(200), server_default="", nullable=False))
        batch.add_column(sa.Column("description", sa.Text(), server_default="", nullable=False))
        batch.add_column(sa.Column("updated_at", _WHEN, nullable=True))
    with op.batch_alter_table("placement_student") as batch:
        batch.add_column(sa.Column("name", sa.String(200), server_default="", nullable=False))
        batch.add_column(sa.Column("email", sa.String(320), server_default="", nullable=False))
        batch.add_column(sa.Column("user_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("reminded_at", _WHEN, nullable=True))
        batch.create_index(batch.f("ix_placement_student_user_id"), ["user_id"])
    with op.batch_alter_table("placement_run") as batch:
        batch.add_column(sa.Column("kind", sa.String(20), server_default="main", nullable=False))
        batch.add_column(
            sa.Column("input_sha256", sa.String(64), server_default="", nullable=False)
        )
        batch.add_column(sa.Column("created_by", sa.String(320), server_default="", nullable=False))
    op.create_table(
        "placement_followup_preference",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.String(length=120), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("offer_id", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id", "offer_id"],
            ["placement_offer.round_id", "placement_offer.offer_id"],
            name=op.f("fk_placement_followup_preference_round_id_placement_offer"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["round_id", "student_id"],
            ["placement_student.round_id", "placement_student.student_id"],
            name=op.f("fk_placement_followup_preference_round_id_placement_student"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "round_id", "student_id", "rank", name=op.f("pk_placement_followup_preference")
        ),
        sa.UniqueConstraint(
            "round_id", "student_id", "offer_id", name="uq_placement_followup_choice"
        ),
    )
    op.create_table(
        "placement_outcome",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.String(length=120), nullable=False),
        sa.Column("offer_id", sa.String(length=120), nullable=False),
        sa.Column("confirmed_at", _WHEN, nullable=True),
        sa.Column("mentor", sa.String(length=200), server_default="", nullable=False),
        sa.Column("student_score", sa.Integer(), nullable=True),
        sa.Column("student_comment", sa.Text(), server_default="", nullable=False),
        sa.Column("organisation_score", sa.Integer(), nullable=True),
        sa.Column("organisation_comment", sa.Text(), server_default="", nullable=False),
        sa.Column("job_offered", sa.Boolean(), nullable=True),
        sa.Column("updated_at", _WHEN, nullable=True),
        sa.ForeignKeyConstraint(
            ["round_id", "student_id"],
            ["placement_student.round_id", "placement_student.student_id"],
            name=op.f("fk_placement_outcome_round_id_placement_student"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("round_id", "student_id", name=op.f("pk_placement_outcome")),
    )


def downgrade() -> None:
    op.drop_table("placement_outcome")
    op.drop_table("placement_followup_preference")
    with op.batch_alter_table("placement_run") as batch:
        for column in ("created_by", "input_sha256", "kind"):
            batch.drop_column(column)
    with op.batch_alter_table("placement_student") as batch:
        batch.drop_index(batch.f("ix_placement_student_user_id"))
        for column in ("reminded_at", "user_id", "email", "name"):
            batch.drop_column(column)
    with op.batch_alter_table("placement_offer") as batch:
        for column in ("updated_at", "description", "period"):
            batch.drop_column(column)
    with op.batch_alter_table("placement_round") as batch:
        for column in (
            "anonymised_at", "published_run_id", "publish_at", "rankings_close_at",
            "rankings_open_at", "offers_open_at", "description", "min_choices", "phase",
        ):  # fmt: skip
            batch.drop_column(column)
