"""A record a school can trust: a casefolded pupil key with one open case per pupil, and
idempotency keys on log entries and measures.

`case.pupil_key` is the first name casefolded in Python (SQLite's lower() folds ASCII only).
Existing rows get their key here. Where a school already has two open cases of one pupil in one
class (the race this closes), the later cases are merged into the first: their rows move to
it, criteria and the unsafe-environment flag are joined, and the empty duplicates are deleted,
so the unique index can be built without losing any record.

Revision ID: 0007_trust
Revises: 0006_triage
Create Date: 2026-12-02
"""

import json
import unicodedata
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_trust"
down_revision: str | None = "0006_triage"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN = sa.text("status = 'open'")
# Tables whose rows hang off a case by `case_id` and simply move to the surviving case.
MOVED = ("log_entry", "deadline", "measure", "cooperation_agreement")


def pupil_key(name: str) -> str:
    """As storage.cases.pupil_key, copied so the migration never changes under it."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def _criteria(value: object) -> list[str]:
    if isinstance(value, str):
        value = json.loads(value)
    return list(value) if isinstance(value, list) else []


def _merge_open_duplicates(connection: sa.Connection) -> None:
    rows = connection.execute(
        sa.text(
            "SELECT id, tenant_id, group_name, pupil_key, criteria, unsafe_environment "
            "FROM \"case\" WHERE status = 'open' ORDER BY id"
        )
    ).all()
    first: dict[tuple[str, str, str], sa.Row] = {}
    for row in rows:
        key = (row.tenant_id, row.group_name, row.pupil_key)
        keep = first.setdefault(key, row)
        if keep is row:
            continue
        for table in MOVED:
            connection.execute(
                sa.text(f"UPDATE {table} SET case_id = :keep WHERE case_id = :gone"),
                {"keep": keep.id, "gone": row.id},
            )
        connection.execute(
            sa.text(
                "DELETE FROM case_member WHERE case_id = :gone AND aad_object_id IN "
                "(SELECT aad_object_id FROM case_member WHERE case_id = :keep)"
            ),
            {"keep": keep.id, "gone": row.id},
        )
        connection.execute(
            sa.text("UPDATE case_member SET case_id = :keep WHERE case_id = :gone"),
            {"keep": keep.id, "gone": row.id},
        )
        connection.execute(
            sa.text("UPDATE reminder SET case_id = :keep WHERE case_id = :gone"),
            {"keep": keep.id, "gone": row.id},
        )
        criteria = sorted(set(_criteria(keep.criteria)) | set(_criteria(row.criteria)))
        connection.execute(
            sa.text(
                'UPDATE "case" SET criteria = :criteria, '
                "unsafe_environment = (unsafe_environment OR :unsafe) WHERE id = :keep"
            ),
            {
                "criteria": json.dumps(criteria),
                "unsafe": bool(row.unsafe_environment),
                "keep": keep.id,
            },
        )
        connection.execute(sa.text('DELETE FROM "case" WHERE id = :gone'), {"gone": row.id})


def upgrade() -> None:
    op.add_column("case", sa.Column("pupil_key", sa.String(100), nullable=False, server_default=""))
    connection = op.get_bind()
    for case_id, name in connection.execute(sa.text('SELECT id, pupil_name FROM "case"')).all():
        connection.execute(
            sa.text('UPDATE "case" SET pupil_key = :key WHERE id = :id'),
            {"key": pupil_key(name), "id": case_id},
        )
    _merge_open_duplicates(connection)
    op.create_index(
        "uq_case_open_pupil",
        "case",
        ["tenant_id", "group_name", "pupil_key"],
        unique=True,
        sqlite_where=OPEN,
        postgresql_where=OPEN,
    )
    op.create_index("ix_case_tenant_pupil_key", "case", ["tenant_id", "pupil_key"])
    for table in ("log_entry", "measure"):
        op.add_column(table, sa.Column("idempotency_key", sa.String(80), nullable=True))
        op.create_index(f"uq_{table}_idempotency_key", table, ["idempotency_key"], unique=True)


def downgrade() -> None:
    for table in ("log_entry", "measure"):
        op.drop_index(f"uq_{table}_idempotency_key", table_name=table)
        with op.batch_alter_table(table) as batch:
            batch.drop_column("idempotency_key")
    op.drop_index("ix_case_tenant_pupil_key", table_name="case")
    op.drop_index("uq_case_open_pupil", table_name="case")
    with op.batch_alter_table("case") as batch:
        batch.drop_column("pupil_key")
