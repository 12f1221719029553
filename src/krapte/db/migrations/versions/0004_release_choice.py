"""release_choice: the explorer's filter choices of each version, written with it

Versions stored before this revision get none; the explorer works theirs out from the figures.

Revision ID: 0004_release_choice
Revises: 0003_observation_key_order
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_release_choice"
down_revision: str | None = "0003_observation_key_order"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "release_choice",
        sa.Column("release_id", sa.Integer(), nullable=False),
        sa.Column("dimension", sa.String(length=20), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("institution", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["release_id"],
            ["release.id"],
            name=op.f("fk_release_choice_release_id_release"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "release_id", "dimension", "value", "institution", name=op.f("pk_release_choice")
        ),
    )


def downgrade() -> None:
    op.drop_table("release_choice")
