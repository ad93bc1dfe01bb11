"""Audit trail and delivery deduplication: both append-only, both keyed by ids, never pupil text."""

import functools
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, insert
from sqlmodel import Session, col, select

from storage.dialect import Executor, dialect_name, insert_for_dialect
from storage.models import AuditEvent, ProcessedActivity

_AUDIT = AuditEvent.__table__  # type: ignore[attr-defined]
_INSERT_AUDIT = insert(_AUDIT)


def record_audit(
    executor: Executor,
    *,
    tenant_id: str,
    actor_aad_id: str,
    action: str,
    case_id: int | None = None,
    detail: dict[str, Any] | None = None,
    at: datetime,
) -> None:
    """One INSERT, no ORM object: every case read and change writes one of these."""
    executor.execute(
        _INSERT_AUDIT,
        {
            "at": at,
            "tenant_id": tenant_id,
            "actor_aad_id": actor_aad_id,
            "action": action,
            "case_id": case_id,
            "detail": dict(detail or {}),
        },
    )


def audit_events(
    session: Session, *, tenant_id: str, case_id: int | None = None, limit: int = 100
) -> list[AuditEvent]:
    query = select(AuditEvent).where(AuditEvent.tenant_id == tenant_id)
    if case_id is not None:
        query = query.where(AuditEvent.case_id == case_id)
    query = query.order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc()).limit(limit)
    return list(session.exec(query))


@functools.cache
def _mark(dialect: str) -> Any:
    table = ProcessedActivity.__table__  # type: ignore[attr-defined]
    # RETURNING, not rowcount: drivers need not report a row count for INSERT … ON CONFLICT.
    return (
        insert_for_dialect(dialect, table)
        .values(
            conversation_id=bindparam("conversation_id"),
            activity_id=bindparam("activity_id"),
            processed_at=bindparam("processed_at"),
        )
        .on_conflict_do_nothing()
        .returning(table.c.activity_id)
    )


def mark_activity_processed(
    executor: Executor, *, conversation_id: str, activity_id: str, at: datetime
) -> bool:
    """False when this delivery was seen before; the primary key settles races between workers.
    Runs on every turn, so the statement is built once per dialect."""
    parameters = {
        "conversation_id": conversation_id,
        "activity_id": activity_id,
        "processed_at": at,
    }
    statement = _mark(dialect_name(executor))
    return executor.execute(statement, parameters).first() is not None


def forget_processed_activities(session: Session, *, before: datetime) -> int:
    """Teams retries within minutes; older markers only cost space."""
    table = ProcessedActivity.__table__  # type: ignore[attr-defined]
    return session.execute(delete(table).where(table.c.processed_at < before)).rowcount
