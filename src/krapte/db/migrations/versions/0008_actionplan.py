"""actionplan_action and actionplan_event: the action plan's follow-up, with an append-only history

Triggers refuse every UPDATE and DELETE on actionplan_event, so the history cannot be rewritten
by krapte or by anyone with the store's credentials short of dropping the triggers.

Revision ID: 0008_actionplan
Revises: 0007_offers_version
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_actionplan"
down_revision: str | None = "0007_offers_version"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MESSAGE = "actionplan_event is append-only"


def upgrade() -> None:
    op.create_table(
        "actionplan_action",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("recommendation", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("owner", sa.String(200), nullable=False),
        sa.Column("contact_role", sa.String(200), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("indicators", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("recommendation", "number", name="uq_actionplan_action_number"),
    )
    op.create_index("ix_actionplan_action_owner", "actionplan_action", ["owner"])
    op.create_index("ix_actionplan_action_status_due", "actionplan_action", ["status", "due_date"])
    op.create_table(
        "actionplan_event",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("recommendation", sa.Integer(), nullable=False),
        sa.Column("action_number", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("actor_name", sa.String(200), nullable=False),
        sa.Column("acting_as", sa.String(200), nullable=False),
        sa.Column("status_from", sa.String(20), nullable=True),
        sa.Column("status_to", sa.String(20), nullable=True),
        sa.Column("changes", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("evidence_url", sa.String(1000), nullable=False),
        sa.Column("progress_on", sa.Date(), nullable=True),
    )
    op.create_index(
        "ix_actionplan_event_action",
        "actionplan_event",
        ["recommendation", "action_number", "id"],
    )
    op.create_index("ix_actionplan_event_at", "actionplan_event", ["at"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE OR REPLACE FUNCTION actionplan_event_append_only() RETURNS trigger "
            f"LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '{MESSAGE}'; END $$"
        )
        op.execute(
            "CREATE TRIGGER actionplan_event_append_only BEFORE UPDATE OR DELETE "
            "ON actionplan_event FOR EACH ROW EXECUTE FUNCTION actionplan_event_append_only()"
        )
    else:
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER actionplan_event_no_{verb.lower()} BEFORE {verb} "
                f"ON actionplan_event BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER actionplan_event_append_only ON actionplan_event")
        op.execute("DROP FUNCTION actionplan_event_append_only()")
    op.drop_table("actionplan_event")
    op.drop_table("actionplan_action")
