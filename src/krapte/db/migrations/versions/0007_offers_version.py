"""placement_round.offers_version: a counter of changes to a round's offers

Servers keep a round's offers in memory under this version (the students' pages read them on
every request); every change to the offers raises it.

Revision ID: 0007_offers_version
Revises: 0006_accounts
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_offers_version"
down_revision: str | None = "0006_accounts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("placement_round") as batch:
        batch.add_column(
            sa.Column("offers_version", sa.Integer(), server_default="0", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("placement_round") as batch:
        batch.drop_column("offers_version")
