"""workforce monitor: organisations, pseudonymous staff records and long-term absences

Revision ID: 0009_workforce
Revises: 0008_actionplan
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_workforce"
down_revision: str | None = "0008_actionplan"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "workforce_organisation",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("subsector", sa.String(80), nullable=False),
        sa.Column("size_class", sa.String(20), nullable=False),
        sa.Column("province", sa.String(40), nullable=False),
        sa.Column("municipality", sa.String(100), nullable=False),
        sa.Column("records_as_of_day", sa.Integer(), nullable=True),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workforce_organisation")),
        sa.UniqueConstraint("name", name=op.f("uq_workforce_organisation_name")),
    )
    tables: list[tuple[str, list[sa.Column[object]]]] = [
        (
            "workforce_record",
            [
                sa.Column("pseudonym", sa.String(64), nullable=False),
                sa.Column("function", sa.String(20), nullable=False),
                sa.Column("programme", sa.String(200), nullable=False),
                sa.Column("level", sa.String(20), nullable=False),
                sa.Column("fte", sa.Float(), nullable=False),
                sa.Column("birth_first", sa.Integer(), nullable=False),
                sa.Column("birth_last", sa.Integer(), nullable=False),
                sa.Column("start_day", sa.Integer(), nullable=False),
                sa.Column("end_day", sa.Integer(), nullable=True),
                sa.Column("start_year", sa.Integer(), nullable=False),
                sa.Column("end_year", sa.Integer(), nullable=True),
                sa.Column("exit_reason", sa.String(60), nullable=True),
            ],
        ),
        (
            "workforce_absence",
            [
                sa.Column("pseudonym", sa.String(64), nullable=False),
                sa.Column("first_day", sa.Integer(), nullable=False),
                sa.Column("last_day", sa.Integer(), nullable=False),
            ],
        ),
    ]
    for table, extra in tables:
        op.create_table(
            table,
            sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
            sa.Column("organisation_id", sa.Integer(), nullable=False),
            *extra,
            sa.ForeignKeyConstraint(
                ["organisation_id"],
                ["workforce_organisation.id"],
                name=op.f(f"fk_{table}_organisation_id_workforce_organisation"),
                ondelete="CASCADE",
            ),
            sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
        )
    op.create_index(
        "ix_workforce_record_organisation_start",
        "workforce_record",
        ["organisation_id", "start_day"],
    )
    op.create_index(
        "ix_workforce_absence_organisation", "workforce_absence", ["organisation_id", "first_day"]
    )


def downgrade() -> None:
    op.drop_index("ix_workforce_absence_organisation", table_name="workforce_absence")
    op.drop_index("ix_workforce_record_organisation_start", table_name="workforce_record")
    op.drop_table("workforce_absence")
    op.drop_table("workforce_record")
    op.drop_table("workforce_organisation")
