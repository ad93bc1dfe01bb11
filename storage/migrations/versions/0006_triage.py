"""Triage (issue 14): the pupil's pronoun on the case, for the guide's message home (2.3), and the
2.7 mapping's marked items (or why it was not done), for the leadership report.

Revision ID: 0006_triage
Revises: 0005_meeting
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_triage"
down_revision: str | None = "0005_meeting"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("case") as batch:
        batch.add_column(sa.Column("pronoun", sa.String(length=10), nullable=True))
        batch.add_column(sa.Column("vulnerability", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("case") as batch:
        batch.drop_column("vulnerability")
        batch.drop_column("pronoun")
