"""What the leaders' weekly digest counts: new cases, cases that moved, overdue deadlines."""

from datetime import datetime

from sqlalchemy import and_, func
from sqlmodel import Session, col, select

from storage.models import AuditEvent, Case, Deadline


def tenants_with_open_cases(session: Session) -> list[str]:
    query = select(Case.tenant_id).where(Case.status == "open").distinct()
    return sorted(session.exec(query))


def new_cases(session: Session, *, tenant_id: str, since: datetime) -> list[Case]:
    query = select(Case).where(Case.tenant_id == tenant_id, col(Case.opened_at) >= since)
    return list(session.exec(query.order_by(col(Case.opened_at), col(Case.id))))


def cases_moved(session: Session, *, tenant_id: str, since: datetime) -> list[Case]:
    """Cases whose level changed since `since`, read from the audit trail."""
    moved = select(AuditEvent.case_id).where(
        AuditEvent.tenant_id == tenant_id,
        AuditEvent.action == "case.level",
        col(AuditEvent.at) >= since,
    )
    query = select(Case).where(Case.tenant_id == tenant_id, col(Case.id).in_(moved))
    return list(session.exec(query.order_by(col(Case.id))))


def overdue_deadlines(
    session: Session, *, tenant_id: str, now: datetime, limit: int = 10
) -> tuple[int, list[tuple[Case, Deadline]]]:
    """How many open deadlines are past due in open cases, and the oldest `limit` of them."""
    where = and_(
        col(Deadline.tenant_id) == tenant_id,
        col(Deadline.status) == "open",
        col(Deadline.due_at) < now,
        col(Case.status) == "open",
    )
    joined = select(Case, Deadline).join(Deadline, col(Deadline.case_id) == Case.id)
    count_query = select(func.count()).select_from(Deadline).join(Case).where(where)
    total = session.exec(count_query).one()
    rows = session.exec(
        joined.where(where).order_by(col(Deadline.due_at), col(Deadline.id)).limit(limit)
    ).all()
    return int(total), [(case, deadline) for case, deadline in rows]
