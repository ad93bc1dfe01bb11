"""Deadlines the guide sets, and the reminders that chase them.

`due_at` is when the guide says something must be done; `remind_at` is when we next nag about it,
which a user may postpone without moving the deadline itself.
"""

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import bindparam, update
from sqlmodel import Session, col, select

from storage.cases import ensure_case
from storage.dialect import Executor, changed, locked
from storage.models import Deadline
from storage.prepared import Prepared, inserting

_DEADLINE = Deadline.__table__  # type: ignore[attr-defined]
_DEADLINE_COLUMNS = (
    "case_id",
    "tenant_id",
    "kind",
    "due_at",
    "remind_at",
    "status",
    "created_at",
    "owner_aad_id",
    "measure_id",
)
_INSERT_DEADLINE = inserting(_DEADLINE, _DEADLINE_COLUMNS, returning=_DEADLINE.c.id)


def add_deadline(
    session: Session,
    *,
    tenant_id: str,
    case_id: int,
    kind: str,
    due_at: datetime,
    remind_at: datetime | None = None,
    now: datetime,
    owner_aad_id: str | None = None,
    measure_id: int | None = None,
) -> Deadline:
    """One prepared INSERT … RETURNING id; the returned row is a plain copy, not tracked by the
    session.
    `owner_aad_id`: a measure owner's deadline (NULL: the case owner's)."""
    ensure_case(session, tenant_id=tenant_id, case_id=case_id)
    values: dict[str, Any] = {
        "case_id": case_id,
        "tenant_id": tenant_id,
        "kind": kind,
        "due_at": due_at,
        "remind_at": remind_at or due_at,
        "status": "open",
        "created_at": now,
        "owner_aad_id": owner_aad_id,
        "measure_id": measure_id,
    }
    (new_id,) = _INSERT_DEADLINE.run(session, values).rows[0]
    return Deadline(id=new_id, **values)


# Deadlines change by set-based UPDATEs on the table, built once with bind parameters: callers
# read deadlines again with a query that filters on status, never through objects loaded earlier
# in the same transaction, and building an ORM UPDATE per call cost more than running it.
_OPEN_OF_CASE = (
    _DEADLINE.c.tenant_id == bindparam("b_tenant"),
    _DEADLINE.c.case_id == bindparam("b_case"),
    _DEADLINE.c.status == "open",
)
_OPEN_BY_ID = (
    _DEADLINE.c.id == bindparam("b_id"),
    _DEADLINE.c.tenant_id == bindparam("b_tenant"),
    _DEADLINE.c.status == "open",
)
# Per kind, prepared (an IN list cannot be): a save settles two or three kinds at most.
_KIND = _DEADLINE.c.kind == bindparam("b_kind")
_DONE = {
    "status": "done",
    "completed_by": bindparam("b_by"),
    "completed_by_name": bindparam("b_name"),
    "completed_at": bindparam("b_at"),
}
_COMPLETE_KIND = Prepared(update(_DEADLINE).where(*_OPEN_OF_CASE, _KIND).values(**_DONE))
_COMPLETE_ONE = update(_DEADLINE).where(*_OPEN_BY_ID).values(**_DONE)
_CANCEL_ALL = update(_DEADLINE).where(*_OPEN_OF_CASE).values(status="cancelled")
_CANCEL_KIND = Prepared(update(_DEADLINE).where(*_OPEN_OF_CASE, _KIND).values(status="cancelled"))
_POSTPONE = update(_DEADLINE).where(*_OPEN_BY_ID).values(remind_at=bindparam("b_remind_at"))


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
    """Mark every open deadline of these kinds done; how many were."""
    parameters = {
        "b_tenant": tenant_id,
        "b_case": case_id,
        "b_by": by_aad_id,
        "b_name": by_name,
        "b_at": at,
    }
    return sum(
        _COMPLETE_KIND.run(session, parameters | {"b_kind": kind}).rowcount for kind in set(kinds)
    )


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
    parameters = {
        "b_id": deadline_id,
        "b_tenant": tenant_id,
        "b_by": by_aad_id,
        "b_name": by_name,
        "b_at": at,
    }
    return changed(session, _COMPLETE_ONE, parameters) == 1


def cancel_open_deadlines(
    session: Session, *, tenant_id: str, case_id: int, kinds: Iterable[str] | None = None
) -> int:
    parameters: dict[str, object] = {"b_tenant": tenant_id, "b_case": case_id}
    if kinds is None:
        return changed(session, _CANCEL_ALL, parameters)
    return sum(
        _CANCEL_KIND.run(session, parameters | {"b_kind": kind}).rowcount for kind in set(kinds)
    )


def postpone_reminder(
    session: Session, *, tenant_id: str, deadline_id: int, remind_at: datetime
) -> bool:
    parameters = {"b_id": deadline_id, "b_tenant": tenant_id, "b_remind_at": remind_at}
    return changed(session, _POSTPONE, parameters) == 1


# The open deadlines as objects (a leadership report lists them): built once.
_OPEN_DEADLINES = (
    select(Deadline)
    .where(
        Deadline.tenant_id == bindparam("b_tenant"),
        Deadline.case_id == bindparam("b_case"),
        Deadline.status == "open",
    )
    .order_by(col(Deadline.due_at), col(Deadline.id))
)


def open_deadlines(session: Session, *, tenant_id: str, case_id: int) -> list[Deadline]:
    parameters = {"b_tenant": tenant_id, "b_case": case_id}
    return list(session.execute(_OPEN_DEADLINES, parameters).scalars())


_OPEN_DEADLINE_TIMES = (
    select(_DEADLINE.c.kind, _DEADLINE.c.due_at)
    .where(*_OPEN_OF_CASE)
    .order_by(_DEADLINE.c.due_at, _DEADLINE.c.id)
)


def open_deadline_times(
    executor: Executor, *, tenant_id: str, case_id: int
) -> list[tuple[str, datetime]]:
    """(kind, due_at) of a case's open deadlines, soonest first: what a status card lists."""
    parameters = {"b_tenant": tenant_id, "b_case": case_id}
    return [(kind, due_at) for kind, due_at in executor.execute(_OPEN_DEADLINE_TIMES, parameters)]


def next_deadline(session: Session, *, tenant_id: str, case_id: int) -> Deadline | None:
    deadlines = open_deadlines(session, tenant_id=tenant_id, case_id=case_id)
    return deadlines[0] if deadlines else None


# `remind_at` of a deadline the scheduler has said all it will say about; it stays open and
# listed. Far in the future rather than NULL, so the sweep's index stays a plain range scan.
NEVER = datetime(9999, 12, 31, tzinfo=UTC)


def claim_due_deadlines(session: Session, *, now: datetime, limit: int = 200) -> list[Deadline]:
    """The reminder sweep: open deadlines whose reminder time has come, across all tenants (one
    process serves every school), locked against other loops until commit. An index range scan
    on `ix_deadline_status_remind_at` (bench/sweep.py times it and prints the plan)."""
    query = (
        select(Deadline)
        .where(Deadline.status == "open", col(Deadline.remind_at) <= now)
        .order_by(col(Deadline.remind_at), col(Deadline.id))
        .limit(limit)
    )
    return list(session.exec(locked(session, query)))


def set_next_reminders(session: Session, *, deadline_ids: list[int], remind_at: datetime) -> None:
    session.execute(
        update(Deadline).where(col(Deadline.id).in_(deadline_ids)).values(remind_at=remind_at)
    )


def load_deadlines(session: Session, *, deadline_ids: set[int]) -> list[Deadline]:
    """Into the session at once, so `get_deadline` of each finds it without a query while
    the caller holds the list (the identity map holds rows weakly)."""
    if not deadline_ids:
        return []
    return list(session.exec(select(Deadline).where(col(Deadline.id).in_(deadline_ids))))


def get_deadline(session: Session, *, tenant_id: str, deadline_id: int) -> Deadline | None:
    deadline = session.get(Deadline, deadline_id)
    return deadline if deadline is not None and deadline.tenant_id == tenant_id else None


def complete_measure_deadlines(
    session: Session, *, tenant_id: str, measure_id: int, by_aad_id: str, by_name: str, at: datetime
) -> int:
    """The open evaluation deadlines of one measure, done (its evaluation has been recorded)."""
    statement = (
        update(_DEADLINE)
        .where(
            _DEADLINE.c.tenant_id == tenant_id,
            _DEADLINE.c.measure_id == measure_id,
            _DEADLINE.c.status == "open",
        )
        .values(status="done", completed_by=by_aad_id, completed_by_name=by_name, completed_at=at)
    )
    return changed(session, statement)


def complete_case_evaluations(
    session: Session, *, tenant_id: str, case_id: int, by: Any, at: datetime
) -> int:
    """The case's open `evaluate_measures` deadlines that belong to no one measure, done."""
    statement = (
        update(_DEADLINE)
        .where(
            *_OPEN_OF_CASE,
            _DEADLINE.c.kind == "evaluate_measures",
            _DEADLINE.c.measure_id.is_(None),
        )
        .values(**_DONE)
    )
    parameters = {
        "b_tenant": tenant_id,
        "b_case": case_id,
        "b_by": by.aad_id,
        "b_name": by.name,
        "b_at": at,
    }
    return changed(session, statement, parameters)
