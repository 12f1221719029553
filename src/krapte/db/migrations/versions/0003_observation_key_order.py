"""observation: the unique key in the explorer's row order

The natural key of a figure is unique whatever the order of its columns; ordering it as the
explorer lists rows (measure, level, programme, institution, geography, category, period) lets
one index serve both the key and the explorer's pages, so imports maintain no extra index.

Revision ID: 0003_observation_key_order
Revises: 0002_placement
Create Date: 2026-11-29
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003_observation_key_order"
down_revision: str | None = "0002_placement"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

IDENTITY = ["measure", "period", "geography", "institution", "programme", "level", "category"]
KEY_ORDER = ["measure", "level", "programme", "institution", "geography", "category", "period"]


def _key(order: list[str]) -> None:
    with op.batch_alter_table("observation", schema=None) as batch_op:
        batch_op.drop_constraint("uq_observation_key", type_="unique")
        batch_op.create_unique_constraint(
            "uq_observation_key", ["release_id", *order, "source_table"]
        )


def upgrade() -> None:
    _key(KEY_ORDER)


def downgrade() -> None:
    _key(IDENTITY)
