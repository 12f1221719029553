"""fair, fair_item, fair_participant, fair_registration: regional job fairs and their visitors

Revision ID: 0012_fairs
Revises: 0011_vacancies
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012_fairs"
down_revision: str | None = "0011_vacancies"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "fair",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("organiser", sa.String(200), nullable=False),
        sa.Column("municipality", sa.String(120), nullable=False),
        sa.Column("province", sa.String(40), nullable=False),
        sa.Column("venue", sa.String(300), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=True),
        sa.Column("walk_ins", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_fair_starts_at", "fair", ["starts_at"])
    op.create_index("ix_fair_province", "fair", ["province"])
    op.create_table(
        "fair_item",
        sa.Column(
            "fair_id", sa.Integer(), sa.ForeignKey("fair.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("organisation", sa.String(200), nullable=False),
        sa.PrimaryKeyConstraint("fair_id", "position"),
    )
    op.create_table(
        "fair_participant",
        sa.Column(
            "fair_id", sa.Integer(), sa.ForeignKey("fair.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("organisation", sa.String(200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("applications", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("fair_id", "organisation"),
    )
    op.create_table(
        "fair_registration",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "fair_id", sa.Integer(), sa.ForeignKey("fair.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("consent_text", sa.String(40), nullable=False),
        sa.Column("consented_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attended", sa.Boolean(), nullable=False),
        sa.UniqueConstraint("fair_id", "email", name="uq_fair_registration_email"),
        sa.UniqueConstraint("token_hash", name="uq_fair_registration_token_hash"),
    )
    op.create_index(
        "ix_fair_registration_fair_status", "fair_registration", ["fair_id", "status", "id"]
    )


def downgrade() -> None:
    op.drop_table("fair_registration")
    op.drop_table("fair_participant")
    op.drop_table("fair_item")
    op.drop_index("ix_fair_province", "fair")
    op.drop_index("ix_fair_starts_at", "fair")
    op.drop_table("fair")
