"""Reminders: the outbox of proactive messages (deadline reminders, digest, annual wheel).

`uq_reminder_key` is what makes a reminder exactly-once across scheduler loops; the delivery
sweep reads `ix_reminder_status_next_attempt_at`, the once-a-day jobs `ix_reminder_kind_day`.

Revision ID: 0002_reminders
Revises: 0001_initial
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_reminders"
down_revision: str | None = "0001_initial"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS = (
    "due",
    "overdue",
    "leaders_overdue",
    "owner_unreachable",
    "leadership_report",
    "annual_wheel",
    "weekly_digest",
)


def _utc(name: str, *, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    kinds = ", ".join(repr(kind) for kind in KINDS)
    op.create_table(
        "reminder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("recipient_aad_id", sa.String(64), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("deadline_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(15), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        _utc("next_attempt_at"),
        _utc("claimed_until", nullable=True),
        _utc("sent_at", nullable=True),
        sa.Column("activity_id", sa.String(255), nullable=True),
        sa.Column("last_error", sa.String(64), nullable=True),
        _utc("created_at"),
        sa.PrimaryKeyConstraint("id", name="pk_reminder"),
        sa.UniqueConstraint(
            "kind",
            "tenant_id",
            "recipient_aad_id",
            "day",
            "deadline_id",
            "case_id",
            name="uq_reminder_key",
        ),
        sa.CheckConstraint(f"kind IN ({kinds})", name="ck_reminder_kind_values"),
        sa.CheckConstraint(
            "status IN ('pending', 'sent', 'undeliverable', 'dropped')",
            name="ck_reminder_status_values",
        ),
    )
    op.create_index("ix_reminder_status_next_attempt_at", "reminder", ["status", "next_attempt_at"])
    op.create_index("ix_reminder_kind_day", "reminder", ["kind", "day"])


def downgrade() -> None:
    op.drop_index("ix_reminder_kind_day", table_name="reminder")
    op.drop_index("ix_reminder_status_next_attempt_at", table_name="reminder")
    op.drop_table("reminder")
