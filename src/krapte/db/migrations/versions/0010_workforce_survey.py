"""workforce survey: pulse surveys, their one-time links (token hashes) and anonymous responses

Revision ID: 0010_workforce_survey
Revises: 0009_workforce
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_workforce_survey"
down_revision: str | None = "0009_workforce"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_WHEN = sa.DateTime(timezone=True)
_ANSWERS = (
    "work_stress",
    "motivation",
    "learning",
    "work_life",
    "emotional_load",
    "workload",
    "autonomy",
)


def upgrade() -> None:
    op.create_table(
        "workforce_survey",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("organisation", sa.String(200), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("opened_at", _WHEN, nullable=False),
        sa.Column("closed_at", _WHEN, nullable=True),
        sa.Column("opened_by", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workforce_survey")),
    )
    op.create_index(op.f("ix_workforce_survey_organisation"), "workforce_survey", ["organisation"])
    op.create_table(
        "workforce_survey_link",
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("used", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["survey_id"],
            ["workforce_survey.id"],
            name=op.f("fk_workforce_survey_link_survey_id_workforce_survey"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_workforce_survey_link")),
    )
    op.create_index(
        op.f("ix_workforce_survey_link_survey_id"), "workforce_survey_link", ["survey_id"]
    )
    op.create_table(
        "workforce_survey_response",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        *(sa.Column(name, sa.SmallInteger(), nullable=False) for name in _ANSWERS),
        sa.ForeignKeyConstraint(
            ["survey_id"],
            ["workforce_survey.id"],
            name=op.f("fk_workforce_survey_response_survey_id_workforce_survey"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workforce_survey_response")),
    )
    op.create_index(
        op.f("ix_workforce_survey_response_survey_id"),
        "workforce_survey_response",
        ["survey_id"],
    )


def downgrade() -> None:
    for table in ("workforce_survey_response", "workforce_survey_link", "workforce_survey"):
        op.drop_table(table)
