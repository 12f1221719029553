"""central internship placement

Revision ID: 0002_placement
Revises: 0001_datahub
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_placement"
down_revision: str | None = "0001_datahub"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "placement_round",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("max_choices", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_placement_round")),
        sa.UniqueConstraint("name", name=op.f("uq_placement_round_name")),
    )
    op.create_table(
        "placement_offer",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("offer_id", sa.String(length=120), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("organisation", sa.String(length=300), nullable=False),
        sa.Column("municipality", sa.String(length=120), nullable=False),
        sa.Column("province", sa.String(length=60), nullable=False),
        sa.Column("sector", sa.String(length=200), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("programmes", sa.Text(), nullable=False),
        sa.Column("levels", sa.Text(), nullable=False),
        sa.Column("study_years", sa.Text(), nullable=False),
        sa.Column("languages", sa.Text(), nullable=False),
        sa.Column("quota", sa.Text(), nullable=False),
        sa.Column("priority", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["placement_round.id"],
            name=op.f("fk_placement_offer_round_id_placement_round"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("round_id", "offer_id", name=op.f("pk_placement_offer")),
    )
    op.create_table(
        "placement_run",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("seed", sa.Integer(), nullable=False),
        sa.Column("engine_version", sa.String(length=40), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("matched", sa.Integer(), nullable=False),
        sa.Column("unmatched", sa.Integer(), nullable=False),
        sa.Column("manifest", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["placement_round.id"],
            name=op.f("fk_placement_run_round_id_placement_round"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_placement_run")),
    )
    op.create_table(
        "placement_student",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.String(length=120), nullable=False),
        sa.Column("school", sa.String(length=200), nullable=False),
        sa.Column("programme", sa.String(length=200), nullable=False),
        sa.Column("level", sa.String(length=20), nullable=False),
        sa.Column("study_year", sa.Integer(), nullable=False),
        sa.Column("municipality", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["placement_round.id"],
            name=op.f("fk_placement_student_round_id_placement_round"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("round_id", "student_id", name=op.f("pk_placement_student")),
    )
    op.create_table(
        "placement_assignment",
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.String(length=120), nullable=False),
        sa.Column("offer_id", sa.String(length=120), nullable=False),
        sa.Column("rank_obtained", sa.Integer(), nullable=False),
        sa.Column("lottery_number", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["placement_run.id"],
            name=op.f("fk_placement_assignment_run_id_placement_run"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("run_id", "student_id", name=op.f("pk_placement_assignment")),
    )
    op.create_table(
        "placement_preference",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.String(length=120), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("offer_id", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id", "offer_id"],
            ["placement_offer.round_id", "placement_offer.offer_id"],
            name=op.f("fk_placement_preference_round_id_placement_offer"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["round_id", "student_id"],
            ["placement_student.round_id", "placement_student.student_id"],
            name=op.f("fk_placement_preference_round_id_placement_student"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "round_id", "student_id", "rank", name=op.f("pk_placement_preference")
        ),
        sa.UniqueConstraint(
            "round_id", "student_id", "offer_id", name="uq_placement_preference_choice"
        ),
    )


def downgrade() -> None:
    op.drop_table("placement_preference")
    op.drop_table("placement_assignment")
    op.drop_table("placement_student")
    op.drop_table("placement_run")
    op.drop_table("placement_offer")
    op.drop_table("placement_round")
