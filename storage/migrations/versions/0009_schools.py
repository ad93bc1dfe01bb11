"""Schools inside a tenant (issue 20): the school, its confirmed or waiting members, and the
school a member of several schools works in now.

Existing data moves into each tenant's default school without being rewritten: a default
school's scope is the bare tenant id, the key every case, deadline, reminder, log entry, audit
event and leader row already carries (and 0007_trust's «one open case per pupil» index on
tenant_id + group + pupil key is therefore per school). The upgrade registers that default
school for every tenant the database knows, so nothing is lost and nothing changes meaning.

Revision ID: 0009_schools
Revises: 0008_teams
Create Date: 2026-12-02
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0009_schools"
down_revision: str | None = "0008_teams"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DEFAULT_SCHOOL = "default"
OLD_KINDS = (
    "due",
    "overdue",
    "leaders_overdue",
    "owner_unreachable",
    "leadership_report",
    "annual_wheel",
    "weekly_digest",
    "meeting_tomorrow",
    "join_request",
    "join_answer",
)
NEW_KINDS = (*OLD_KINDS, "municipality_digest")


def _reminder_kinds(kinds: tuple[str, ...]) -> None:
    values = ", ".join(repr(value) for value in kinds)
    with op.batch_alter_table("reminder") as batch:
        batch.drop_constraint("ck_reminder_kind_values", type_="check")
        batch.create_check_constraint("ck_reminder_kind_values", f"kind IN ({values})")


# Every table whose rows belong to a tenant's (default) school.
TENANT_TABLES = ("case", "leader", "user_profile", "conversation_reference", "audit_event")


def upgrade() -> None:
    _reminder_kinds(NEW_KINDS)
    op.create_table(
        "school",
        sa.Column("tenant_id", sa.String(length=64), nullable=False),
        sa.Column("school_id", sa.String(length=27), nullable=False),
        sa.Column("scope", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "school_id", name="pk_school"),
        sa.UniqueConstraint("scope", name="uq_school_scope"),
    )
    op.create_table(
        "school_member",
        sa.Column("tenant_id", sa.String(length=64), nullable=False),
        sa.Column("aad_object_id", sa.String(length=64), nullable=False),
        sa.Column("school_id", sa.String(length=27), nullable=False),
        sa.Column("display_name", sa.String(length=255), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("confirmed_by", sa.String(length=64), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('pending', 'confirmed')", name="ck_school_member_status_values"
        ),
        sa.PrimaryKeyConstraint("tenant_id", "aad_object_id", "school_id", name="pk_school_member"),
    )
    op.create_index(
        "ix_school_member_school_status", "school_member", ["tenant_id", "school_id", "status"]
    )
    op.create_table(
        "school_choice",
        sa.Column("tenant_id", sa.String(length=64), nullable=False),
        sa.Column("aad_object_id", sa.String(length=64), nullable=False),
        sa.Column("school_id", sa.String(length=27), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "aad_object_id", name="pk_school_choice"),
    )
    bind = op.get_bind()
    tenants: set[str] = set()
    for table in TENANT_TABLES:
        rows = bind.execute(sa.text(f'SELECT DISTINCT tenant_id FROM "{table}"'))
        tenants.update(row[0] for row in rows if row[0] and "#" not in row[0])
    school = sa.table(
        "school",
        sa.column("tenant_id", sa.String),
        sa.column("school_id", sa.String),
        sa.column("scope", sa.String),
        sa.column("name", sa.String),
        sa.column("created_at", sa.DateTime(timezone=True)),
    )
    now = datetime.now(UTC)
    if tenants:
        op.bulk_insert(
            school,
            [
                {
                    "tenant_id": tenant,
                    "school_id": DEFAULT_SCHOOL,
                    "scope": tenant,
                    "name": "",
                    "created_at": now,
                }
                for tenant in sorted(tenants)
            ],
        )


def downgrade() -> None:
    op.execute("DELETE FROM reminder WHERE kind = 'municipality_digest'")
    _reminder_kinds(OLD_KINDS)
    op.drop_table("school_choice")
    op.drop_index("ix_school_member_school_status", table_name="school_member")
    op.drop_table("school_member")
    op.drop_table("school")
