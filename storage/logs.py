"""Absence and pupil logs (guide 2.8). Append-only: there is deliberately no update function."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import bindparam
from sqlmodel import Session, col, select

from storage.cases import pupil_and_level
from storage.dialect import Executor
from storage.models import Case, LogEntry
from storage.prepared import Prepared, inserting

_LOG_ENTRY = LogEntry.__table__  # type: ignore[attr-defined]
_CASE = Case.__table__  # type: ignore[attr-defined]
_LOG_COLUMNS = (
    "case_id",
    "kind",
    "pupil_name",
    "contact_date",
    "reason",
    "guardians_view",
    "next_steps",
    "level",
    "author",
    "author_aad_id",
    "created_at",
    "idempotency_key",
)
_INSERT_LOG_ENTRY = inserting(_LOG_ENTRY, _LOG_COLUMNS, returning=_LOG_ENTRY.c.id)


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
    One prepared INSERT … RETURNING id; the returned entry is a plain copy, not tracked by the
    session."""
    pupil_name, case_level = pupil_and_level(session, tenant_id=tenant_id, case_id=case_id)
    values: dict[str, Any] = {
        "case_id": case_id,
        "kind": kind,
        "pupil_name": pupil_name,
        "contact_date": contact_date,
        "reason": reason,
        "guardians_view": guardians_view,
        "next_steps": next_steps,
        "level": case_level if level is None else level,
        "author": author,
        "author_aad_id": author_aad_id,
        "created_at": now,
        "idempotency_key": idempotency_key,
    }
    (new_id,) = _INSERT_LOG_ENTRY.run(session, values).rows[0]
    return LogEntry(id=new_id, **values)


# Asked on every save (a re-sent «Lagre» finds its entry); nearly always there is none.
_LOG_ID_BY_KEY = Prepared(
    select(_LOG_ENTRY.c.id)
    .join(_CASE, _CASE.c.id == _LOG_ENTRY.c.case_id)
    .where(
        _CASE.c.tenant_id == bindparam("b_tenant"),
        _LOG_ENTRY.c.idempotency_key == bindparam("b_key"),
    )
)


def log_entry_by_key(session: Session, *, tenant_id: str, key: str) -> LogEntry | None:
    """The entry a user action already wrote, if it did (`idempotency_key` is unique)."""
    found = _LOG_ID_BY_KEY.run(session, {"b_tenant": tenant_id, "b_key": key}).first()
    return None if found is None else session.get(LogEntry, found[0])


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
