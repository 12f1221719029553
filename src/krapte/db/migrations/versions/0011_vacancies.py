"""vacancy and vacancy_application: vacancies published by organisations, and applications

Revision ID: 0011_vacancies
Revises: 0010_workforce_survey
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_vacancies"
down_revision: str | None = "0010_workforce_survey"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "vacancy",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("organisation", sa.String(300), nullable=False),
        sa.Column("reference", sa.String(200), nullable=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("occupation", sa.String(200), nullable=False),
        sa.Column("specialisation", sa.String(200), nullable=False),
        sa.Column("level", sa.String(20), nullable=False),
        sa.Column("programme", sa.String(200), nullable=False),
        sa.Column("accepted_diplomas", sa.Text(), nullable=False),
        sa.Column("programmes", sa.Text(), nullable=False),
        sa.Column("competence_route", sa.Text(), nullable=False),
        sa.Column("municipality", sa.String(200), nullable=False),
        sa.Column("province", sa.String(40), nullable=False),
        sa.Column("sector", sa.String(200), nullable=False),
        sa.Column("hours", sa.Float(), nullable=False),
        sa.Column("contract", sa.String(40), nullable=False),
        sa.Column("joint_committee", sa.String(200), nullable=False),
        sa.Column("pay_scale", sa.String(200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("apply_url", sa.String(500), nullable=False),
        sa.Column("posted_on", sa.Date(), nullable=False),
        sa.Column("closes_on", sa.Date(), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("warnings", sa.Text(), nullable=False),
        sa.UniqueConstraint("organisation", "reference", name="uq_vacancy_reference"),
    )
    op.create_index("ix_vacancy_posted", "vacancy", ["posted_on", "id"])
    op.create_index("ix_vacancy_province", "vacancy", ["province", "posted_on", "id"])
    op.create_index(
        "ix_vacancy_withdrawn",
        "vacancy",
        ["withdrawn_at"],
        sqlite_where=sa.text("withdrawn_at IS NOT NULL"),
        postgresql_where=sa.text("withdrawn_at IS NOT NULL"),
    )
    op.create_index("ix_vacancy_organisation", "vacancy", ["organisation"])
    op.create_table(
        "vacancy_application",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "vacancy_id",
            sa.Integer(),
            sa.ForeignKey(
                "vacancy.id", ondelete="CASCADE", name="fk_vacancy_application_vacancy_id_vacancy"
            ),
            nullable=False,
        ),
        sa.Column("organisation", sa.String(300), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("phone", sa.String(40), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("consent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("consent_version", sa.String(20), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("source_fair_id", sa.Integer(), nullable=True),
    )
    op.create_index("ix_vacancy_application_vacancy", "vacancy_application", ["vacancy_id"])
    op.create_index(
        "ix_vacancy_application_organisation", "vacancy_application", ["organisation", "applied_at"]
    )


def downgrade() -> None:
    op.drop_table("vacancy_application")
    op.drop_table("vacancy")
