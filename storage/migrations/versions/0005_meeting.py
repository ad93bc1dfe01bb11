"""The attendance meeting (guide 2.5) and its measures (2.6): meetings, measure owners and
statuses, the agreement's situation and next evaluation, deadlines owned by a measure's owner,
and the day-before meeting reminder in the outbox.

`ix_attendance_meeting_status_remind_on` is what the morning sweep reads; `ix_deadline_owner_aad_id`
finds the deadlines a member of staff owns through a measure.

Colleagues asking to join a case they cannot see wait in `case_join_request` for the owner.

Revision ID: 0005_meeting
Revises: 0004_turn_leases
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_meeting"
down_revision: str | None = "0004_turn_leases"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_KINDS = (
    "due",
    "overdue",
    "leaders_overdue",
    "owner_unreachable",
    "leadership_report",
    "annual_wheel",
    "weekly_digest",
)
NEW_KINDS = (*OLD_KINDS, "meeting_tomorrow", "join_request", "join_answer")
MEASURE_STATUSES = ("active", "continued", "adjusted", "done", "dropped")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


def _utc(name: str, *, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _reminder_kinds(kinds: tuple[str, ...]) -> None:
    with op.batch_alter_table("reminder") as batch:
        batch.drop_constraint("ck_reminder_kind_values", type_="check")
        batch.create_check_constraint("ck_reminder_kind_values", _in("kind", kinds))


def upgrade() -> None:
    op.create_table(
        "attendance_meeting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.String(64), nullable=False),
        _utc("starts_at"),
        sa.Column("remind_on", sa.Date(), nullable=False),
        sa.Column("attendees", sa.Text(), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("planned_by", sa.String(64), nullable=False),
        _utc("created_at"),
        _utc("held_at", nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_attendance_meeting"),
        sa.ForeignKeyConstraint(
            ["case_id"], ["case.id"], name="fk_attendance_meeting_case_id_case"
        ),
        sa.CheckConstraint(
            "status IN ('planned', 'held', 'cancelled')",
            name="ck_attendance_meeting_status_values",
        ),
    )
    op.create_index("ix_attendance_meeting_case_id", "attendance_meeting", ["case_id"])
    op.create_table(
        "case_join_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.String(64), nullable=False),
        sa.Column("requester_aad_id", sa.String(64), nullable=False),
        sa.Column("requester_name", sa.String(255), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        _utc("created_at"),
        sa.Column("decided_by", sa.String(64), nullable=True),
        _utc("decided_at", nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_case_join_request"),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"], name="fk_case_join_request_case_id_case"),
        sa.CheckConstraint(
            "status IN ('pending', 'accepted', 'declined')",
            name="ck_case_join_request_status_values",
        ),
    )
    op.create_index("ix_case_join_request_case_id", "case_join_request", ["case_id"])
    op.create_index(
        "ix_attendance_meeting_status_remind_on", "attendance_meeting", ["status", "remind_on"]
    )
    with op.batch_alter_table("measure") as batch:
        batch.add_column(sa.Column("owner_aad_id", sa.String(64), nullable=True))
        batch.add_column(sa.Column("owner_role", sa.String(40), nullable=True))
        batch.add_column(
            sa.Column("status", sa.String(15), nullable=False, server_default="active")
        )
        batch.create_check_constraint("ck_measure_status_values", _in("status", MEASURE_STATUSES))
    with op.batch_alter_table("measure") as batch:
        batch.alter_column("status", server_default=None)
    with op.batch_alter_table("cooperation_agreement") as batch:
        batch.add_column(sa.Column("situation", sa.Text(), nullable=True))
        batch.add_column(sa.Column("evaluate_on", sa.Date(), nullable=True))
        batch.add_column(_utc("updated_at", nullable=True))
    with op.batch_alter_table("agreement_goal") as batch:
        batch.add_column(sa.Column("measure_id", sa.Integer(), nullable=True))
    with op.batch_alter_table("deadline") as batch:
        batch.add_column(sa.Column("owner_aad_id", sa.String(64), nullable=True))
        batch.add_column(sa.Column("measure_id", sa.Integer(), nullable=True))
        batch.create_index("ix_deadline_owner_aad_id", ["owner_aad_id"])
    _reminder_kinds(NEW_KINDS)


def downgrade() -> None:
    op.execute(
        "DELETE FROM reminder WHERE kind IN ('meeting_tomorrow', 'join_request', 'join_answer')"
    )
    _reminder_kinds(OLD_KINDS)
    with op.batch_alter_table("deadline") as batch:
        batch.drop_index("ix_deadline_owner_aad_id")
        batch.drop_column("measure_id")
        batch.drop_column("owner_aad_id")
    with op.batch_alter_table("agreement_goal") as batch:
        batch.drop_column("measure_id")
    with op.batch_alter_table("cooperation_agreement") as batch:
        batch.drop_column("updated_at")
        batch.drop_column("evaluate_on")
        batch.drop_column("situation")
    with op.batch_alter_table("measure") as batch:
        batch.drop_constraint("ck_measure_status_values", type_="check")
        batch.drop_column("status")
        batch.drop_column("owner_role")
        batch.drop_column("owner_aad_id")
    op.drop_index("ix_case_join_request_case_id", table_name="case_join_request")
    op.drop_table("case_join_request")
    op.drop_index("ix_attendance_meeting_status_remind_on", table_name="attendance_meeting")
    op.drop_index("ix_attendance_meeting_case_id", table_name="attendance_meeting")
    op.drop_table("attendance_meeting")
