"""The audit trail: append-only, keyed by ids, never pupil text."""

from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from storage.dialect import Executor
from storage.models import AuditEvent
from storage.prepared import inserting

_AUDIT = AuditEvent.__table__  # type: ignore[attr-defined]
_INSERT_AUDIT = inserting(
    _AUDIT, ("at", "tenant_id", "actor_aad_id", "action", "case_id", "detail")
)


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
    """One prepared INSERT, no ORM object: every case read and change writes one of these."""
    _INSERT_AUDIT.run(
        executor,
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
