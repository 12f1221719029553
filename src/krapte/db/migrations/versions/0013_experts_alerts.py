"""expert_profile, expert_throttle and the job alerts (alert_subscription, alert_token,
alert_delivery)

Revision ID: 0013_experts_alerts
Revises: 0012_fairs
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013_experts_alerts"
down_revision: str | None = "0012_fairs"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "expert_profile",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("fields", sa.String(1000), nullable=False),
        sa.Column("region", sa.String(40), nullable=False),
        sa.Column("languages", sa.String(1000), nullable=False),
        sa.Column("availability", sa.String(200), nullable=False),
        sa.Column("summary", sa.String(600), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("consent_version", sa.String(40), nullable=False),
        sa.Column("consent_at", WHEN, nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("approved_at", WHEN, nullable=True),
        sa.Column("approved_by", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("confirm_hash", sa.String(64), nullable=True),
        sa.Column("withdraw_hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_expert_profile"),
        sa.UniqueConstraint("confirm_hash", name="uq_expert_profile_confirm_hash"),
        sa.UniqueConstraint("withdraw_hash", name="uq_expert_profile_withdraw_hash"),
    )
    op.create_index("ix_expert_profile_status_name", "expert_profile", ["status", "name"])
    op.create_index("ix_expert_profile_user_id", "expert_profile", ["user_id"])
    op.create_table(
        "expert_throttle",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("subject", sa.String(40), nullable=False),
        sa.Column("client", sa.String(64), nullable=False),
        sa.Column("at", WHEN, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_expert_throttle"),
    )
    op.create_index("ix_expert_throttle_kind_at", "expert_throttle", ["kind", "at"])
    op.create_table(
        "alert_subscription",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("region", sa.String(40), nullable=False),
        sa.Column("programme", sa.String(200), nullable=False),
        sa.Column("level", sa.String(20), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("consent_version", sa.String(40), nullable=False),
        sa.Column("consent_at", WHEN, nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("confirmed_at", WHEN, nullable=True),
        sa.Column("base_url", sa.String(300), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_alert_subscription"),
        sa.UniqueConstraint("email", "region", "programme", "level", name="uq_alert_subscription"),
    )
    op.create_index("ix_alert_subscription_active", "alert_subscription", ["active", "region"])
    op.create_table(
        "alert_token",
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("subscription_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(20), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.PrimaryKeyConstraint("token_hash", name="pk_alert_token"),
        sa.ForeignKeyConstraint(
            ["subscription_id"],
            ["alert_subscription.id"],
            name="fk_alert_token_subscription_id_alert_subscription",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_alert_token_subscription_id", "alert_token", ["subscription_id"])
    op.create_table(
        "alert_delivery",
        sa.Column("subscription_id", sa.Integer(), nullable=False),
        sa.Column("vacancy_id", sa.Integer(), nullable=False),
        sa.Column("sent_at", WHEN, nullable=False),
        sa.PrimaryKeyConstraint("subscription_id", "vacancy_id", name="pk_alert_delivery"),
        sa.ForeignKeyConstraint(
            ["subscription_id"],
            ["alert_subscription.id"],
            name="fk_alert_delivery_subscription_id_alert_subscription",
            ondelete="CASCADE",
        ),
    )


def downgrade() -> None:
    op.drop_table("alert_delivery")
    op.drop_table("alert_token")
    op.drop_table("alert_subscription")
    op.drop_table("expert_throttle")
    op.drop_table("expert_profile")
