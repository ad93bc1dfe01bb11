"""Deadlines the guide sets, and the reminders that chase them.

`due_at` is when the guide says something must be done; `remind_at` is when we next nag about it,
which a user may postpone without moving the deadline itself.
"""

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import insert, update
from sqlmodel import Session, col, select

from storage.cases import require_case
from storage.models import Deadline

_DEADLINE = Deadline.__table__  # type: ignore[attr-defined]
_INSERT_DEADLINE = insert(_DEADLINE).returning(_DEADLINE.c.id)


def add_deadline(
    session: Session,
    *,
    tenant_id: str,
    case_id: int,
    kind: str,
    due_at: datetime,
    remind_at: datetime | None = None,
    now: datetime,
) -> Deadline:
    """One INSERT … RETURNING id; the returned row is a plain copy, not tracked by the session."""
    require_case(session, tenant_id=tenant_id, case_id=case_id)
    values = {
        "case_id": case_id,
        "tenant_id": tenant_id,
        "kind": kind,
        "due_at": due_at,
        "remind_at": remind_at or due_at,
        "status": "open",
        "created_at": now,
    }
    new_id = session.execute(_INSERT_DEADLINE, values).scalar_one()
    return Deadline(id=new_id, **values)


def complete_deadlines_of_kinds(
    session: Session,
    *,
    tenant_id: str,
    case_id: int,
    kinds: Iterable[str],
    by_aad_id: str,
    by_name: str,
    at: datetime,
) -> int:
    """Mark every open deadline of these kinds done, in one statement; how many were."""
    result = session.execute(
        update(Deadline)
        .where(
            Deadline.tenant_id == tenant_id,
            Deadline.case_id == case_id,
            Deadline.status == "open",
            col(Deadline.kind).in_(list(kinds)),
        )
        .values(status="done", completed_by=by_aad_id, completed_by_name=by_name, completed_at=at)
    )
    return result.rowcount


def complete_deadline(
    session: Session,
    *,
    tenant_id: str,
    deadline_id: int,
    by_aad_id: str,
    by_name: str,
    at: datetime,
) -> bool:
    """True only for the one caller who closed it, when two people press "done" at once."""
    result = session.execute(
        update(Deadline)
        .where(
            col(Deadline.id) == deadline_id,
            Deadline.tenant_id == tenant_id,
            Deadline.status == "open",
        )
        .values(status="done", completed_by=by_aad_id, completed_by_name=by_name, completed_at=at)
    )
    return result.rowcount == 1


def cancel_open_deadlines(
    session: Session, *, tenant_id: str, case_id: int, kinds: Iterable[str] | None = None
) -> int:
    statement = update(Deadline).where(
        Deadline.tenant_id == tenant_id, Deadline.case_id == case_id, Deadline.status == "open"
    )
    if kinds is not None:
        statement = statement.where(col(Deadline.kind).in_(list(kinds)))
    return session.execute(statement.values(status="cancelled")).rowcount


def postpone_reminder(
    session: Session, *, tenant_id: str, deadline_id: int, remind_at: datetime
) -> bool:
    result = session.execute(
        update(Deadline)
        .where(
            col(Deadline.id) == deadline_id,
            Deadline.tenant_id == tenant_id,
            Deadline.status == "open",
        )
        .values(remind_at=remind_at)
    )
    return result.rowcount == 1


def open_deadlines(session: Session, *, tenant_id: str, case_id: int) -> list[Deadline]:
    query = (
        select(Deadline)
        .where(
            Deadline.tenant_id == tenant_id,
            Deadline.case_id == case_id,
            Deadline.status == "open",
        )
        .order_by(col(Deadline.due_at), col(Deadline.id))
    )
    return list(session.exec(query))


def next_deadline(session: Session, *, tenant_id: str, case_id: int) -> Deadline | None:
    deadlines = open_deadlines(session, tenant_id=tenant_id, case_id=case_id)
    return deadlines[0] if deadlines else None


def due_reminders(session: Session, *, now: datetime, limit: int = 100) -> list[Deadline]:
    """Across all tenants: the scheduler serves every school from one process."""
    query = (
        select(Deadline)
        .where(Deadline.status == "open", col(Deadline.remind_at) <= now)
        .order_by(col(Deadline.remind_at), col(Deadline.id))
        .limit(limit)
    )
    return list(session.exec(query))
