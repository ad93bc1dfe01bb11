"""Leaders per tenant and user profiles (display name, looked-up UPN).

Indexes: one leader row per person and tenant, whether known by aad id or by UPN (unique
`(tenant_id, aad_object_id)` and `(tenant_id, upn)`; NULLs do not collide, so a row added by UPN
waits with no aad id). Profiles are found by `(tenant_id, upn)` when a leader is added by e-mail.

Revision ID: 0003_leaders
Revises: 0002_reminders
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_leaders"
down_revision: str | None = "0002_reminders"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _utc(name: str, *, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "leader",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.String(64), nullable=False),
        sa.Column("aad_object_id", sa.String(64), nullable=True),
        sa.Column("upn", sa.String(255), nullable=True),
        sa.Column("display_name", sa.String(255), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("added_by", sa.String(64), nullable=True),
        _utc("added_at"),
        sa.PrimaryKeyConstraint("id", name="pk_leader"),
        sa.CheckConstraint("source IN ('configured', 'chat')", name="ck_leader_source_values"),
        sa.CheckConstraint(
            "aad_object_id IS NOT NULL OR upn IS NOT NULL", name="ck_leader_identified"
        ),
    )
    op.create_index(
        "uq_leader_tenant_aad_object_id", "leader", ["tenant_id", "aad_object_id"], unique=True
    )
    op.create_index("uq_leader_tenant_upn", "leader", ["tenant_id", "upn"], unique=True)
    op.create_table(
        "user_profile",
        sa.Column("tenant_id", sa.String(64), nullable=False),
        sa.Column("aad_object_id", sa.String(64), nullable=False),
        sa.Column("display_name", sa.String(255), nullable=False),
        sa.Column("upn", sa.String(255), nullable=True),
        _utc("upn_checked_at", nullable=True),
        _utc("updated_at"),
        sa.PrimaryKeyConstraint("tenant_id", "aad_object_id", name="pk_user_profile"),
    )
    op.create_index("ix_user_profile_tenant_upn", "user_profile", ["tenant_id", "upn"])


def downgrade() -> None:
    op.drop_index("ix_user_profile_tenant_upn", table_name="user_profile")
    op.drop_table("user_profile")
    op.drop_index("uq_leader_tenant_upn", table_name="leader")
    op.drop_index("uq_leader_tenant_aad_object_id", table_name="leader")
    op.drop_table("leader")
