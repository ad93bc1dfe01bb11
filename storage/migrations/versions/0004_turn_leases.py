"""Turn leases: one turn at a time per conversation across bot instances.

The primary key is the lookup; a lease row lives for one turn (or until `expires_at`).

Revision ID: 0004_turn_leases
Revises: 0003_leaders
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_turn_leases"
down_revision: str | None = "0003_leaders"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "turn_lease",
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("holder", sa.String(length=64), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_turn_lease"),
    )


def downgrade() -> None:
    op.drop_table("turn_lease")
