"""explorer: an index in the order of the explorer's rows

Revision ID: 0003_explorer_rows
Revises: 0002_placement
Create Date: 2026-11-29
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003_explorer_rows"
down_revision: str | None = "0002_placement"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = [
    "release_id",
    "measure",
    "level",
    "programme",
    "institution",
    "geography",
    "category",
    "period",
]


def upgrade() -> None:
    with op.batch_alter_table("observation", schema=None) as batch_op:
        batch_op.create_index("ix_observation_rows", COLUMNS, unique=False)


def downgrade() -> None:
    with op.batch_alter_table("observation", schema=None) as batch_op:
        batch_op.drop_index("ix_observation_rows")
