"""accounts: users, roles, sessions, invitations, API tokens and failed sign-ins

Revision ID: 0006_accounts
Revises: 0005_placement_round
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_accounts"
down_revision: str | None = "0005_placement_round"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "account_user",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("created_at", _WHEN, nullable=False),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.Column("last_login_at", _WHEN, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_user")),
        sa.UniqueConstraint("email", name=op.f("uq_account_user_email")),
    )
    op.create_table(
        "account_membership",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(40), nullable=False),
        sa.Column("scope", sa.String(200), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["account_user.id"],
            name=op.f("fk_account_membership_user_id_account_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "role", "scope", name=op.f("pk_account_membership")),
    )
    op.create_table(
        "account_session",
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("csrf_secret", sa.String(64), nullable=False),
        sa.Column("created_at", _WHEN, nullable=False),
        sa.Column("expires_at", _WHEN, nullable=False),
        sa.Column("last_seen_at", _WHEN, nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["account_user.id"],
            name=op.f("fk_account_session_user_id_account_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_account_session")),
    )
    op.create_index(op.f("ix_account_session_user_id"), "account_session", ["user_id"])
    op.create_table(
        "account_invitation",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("role", sa.String(40), nullable=False),
        sa.Column("scopes", sa.String(4000), nullable=False),
        sa.Column("created_at", _WHEN, nullable=False),
        sa.Column("expires_at", _WHEN, nullable=False),
        sa.Column("used_at", _WHEN, nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_invitation")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_account_invitation_token_hash")),
    )
    op.create_table(
        "account_api_token",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("created_at", _WHEN, nullable=False),
        sa.Column("last_used_at", _WHEN, nullable=True),
        sa.Column("expires_at", _WHEN, nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["account_user.id"],
            name=op.f("fk_account_api_token_user_id_account_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_api_token")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_account_api_token_token_hash")),
    )
    op.create_index(op.f("ix_account_api_token_user_id"), "account_api_token", ["user_id"])
    op.create_table(
        "account_login_attempt",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("client", sa.String(64), nullable=False),
        sa.Column("at", _WHEN, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_login_attempt")),
    )
    op.create_index("ix_account_login_attempt_email_at", "account_login_attempt", ["email", "at"])
    op.create_index("ix_account_login_attempt_client_at", "account_login_attempt", ["client", "at"])


def downgrade() -> None:
    for table in (
        "account_login_attempt",
        "account_api_token",
        "account_invitation",
        "account_session",
        "account_membership",
        "account_user",
    ):
        op.drop_table(table)
