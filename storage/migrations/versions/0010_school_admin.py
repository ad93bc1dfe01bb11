"""A pupil who changes school, and schools added in chat (issue 20's leftovers): the case
transfer offered by one school's leader and answered by the other's, and who added a school in
chat (NULL: the school comes from NAERVAER_SCHOOLS, which stays the bootstrap).

Revision ID: 0010_school_admin
Revises: 0009_schools
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_school_admin"
down_revision: str | None = "0009_schools"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("school") as batch:
        batch.add_column(sa.Column("added_by", sa.String(length=64), nullable=True))
    op.create_table(
        "case_transfer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("from_scope", sa.String(length=64), nullable=False),
        sa.Column("to_scope", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("offered_by", sa.String(length=64), nullable=False),
        sa.Column("offered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.String(length=64), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('offered', 'accepted', 'declined')", name="ck_case_transfer_status_values"
        ),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"], name="fk_case_transfer_case_id_case"),
        sa.PrimaryKeyConstraint("id", name="pk_case_transfer"),
    )
    op.create_index("ix_case_transfer_case_id", "case_transfer", ["case_id"])
    op.create_index("ix_case_transfer_to_status", "case_transfer", ["to_scope", "status"])


def downgrade() -> None:
    op.drop_index("ix_case_transfer_to_status", table_name="case_transfer")
    op.drop_index("ix_case_transfer_case_id", table_name="case_transfer")
    op.drop_table("case_transfer")
    with op.batch_alter_table("school") as batch:
        batch.drop_column("added_by")
