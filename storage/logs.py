"""Absence and pupil logs (guide 2.8). Append-only: there is deliberately no update function."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import bindparam, insert
from sqlmodel import Session, col, select

from storage.cases import require_case
from storage.dialect import Executor
from storage.models import Case, LogEntry

_LOG_ENTRY = LogEntry.__table__  # type: ignore[attr-defined]
_INSERT_LOG_ENTRY = insert(_LOG_ENTRY).returning(_LOG_ENTRY.c.id)


def add_log_entry(
    session: Session,
    *,
    tenant_id: str,
    case_id: int,
    kind: str,
    contact_date: date,
    reason: str,
    guardians_view: str,
    next_steps: str,
    author: str,
    author_aad_id: str,
    level: int | None = None,
    idempotency_key: str | None = None,
    now: datetime,
) -> LogEntry:
    """The pupil's name and (unless given) the level are copied from the case at writing time.
    One INSERT … RETURNING id; the returned entry is a plain copy, not tracked by the session."""
    case = require_case(session, tenant_id=tenant_id, case_id=case_id)
    values: dict[str, Any] = {
        "case_id": case_id,
        "kind": kind,
        "pupil_name": case.pupil_name,
        "contact_date": contact_date,
        "reason": reason,
        "guardians_view": guardians_view,
        "next_steps": next_steps,
        "level": case.level if level is None else level,
        "author": author,
        "author_aad_id": author_aad_id,
        "created_at": now,
        "idempotency_key": idempotency_key,
    }
    new_id = session.execute(_INSERT_LOG_ENTRY, values).scalar_one()
    return LogEntry(id=new_id, **values)


def log_entry_by_key(session: Session, *, tenant_id: str, key: str) -> LogEntry | None:
    """The entry a user action already wrote, if it did (`idempotency_key` is unique)."""
    query = (
        select(LogEntry)
        .join(Case, col(Case.id) == LogEntry.case_id)
        .where(Case.tenant_id == tenant_id, LogEntry.idempotency_key == key)
    )
    return session.exec(query).first()


# The newest entry's contact date: an index seek on log_entry.case_id, not the case's history.
_LAST_CONTACT_DATE = (
    select(col(LogEntry.contact_date))
    .join(Case, col(Case.id) == LogEntry.case_id)
    .where(Case.tenant_id == bindparam("tenant_id"), LogEntry.case_id == bindparam("case_id"))
    .order_by(col(LogEntry.created_at).desc(), col(LogEntry.id).desc())
    .limit(1)
)


def last_contact_date(executor: Executor, *, tenant_id: str, case_id: int) -> date | None:
    """The contact date of the case's most recently written entry (what a status card shows)."""
    parameters = {"tenant_id": tenant_id, "case_id": case_id}
    return executor.execute(_LAST_CONTACT_DATE, parameters).scalar_one_or_none()


def log_entries(session: Session, *, tenant_id: str, case_id: int) -> list[LogEntry]:
    query = (
        select(LogEntry)
        .join(Case, col(Case.id) == LogEntry.case_id)
        .where(Case.tenant_id == tenant_id, LogEntry.case_id == case_id)
        .order_by(col(LogEntry.created_at), col(LogEntry.id))
    )
    return list(session.exec(query))
