"""The reminder outbox: what the scheduler has decided to send, and what became of it.

Exactly-once works in three steps, each its own short transaction:
1. plan: a due deadline is locked (`FOR UPDATE SKIP LOCKED` on PostgreSQL; SQLite's
   `BEGIN IMMEDIATE` serialises writers), its reminder rows are inserted (the unique key ignores
   a second insert) and its `remind_at` moves on, so no other loop plans it again;
2. claim: pending rows are leased (`claimed_until`), so two loops never send the same row;
3. record: the row is marked sent, with the connector's activity id, right after the send.
A crash between send and record leaves a lease that runs out: the row is sent once more (one
duplicate at most), never lost. A failed send is retried with backoff, forever.
"""

from datetime import date, datetime, timedelta

from sqlalchemy import or_, update
from sqlmodel import Session, col, select

from storage.dialect import changed, insert_or_ignore, locked
from storage.models import Reminder

FIRST_RETRY = timedelta(seconds=30)
LAST_RETRY = timedelta(hours=1)


def enqueue_reminder(
    session: Session,
    *,
    tenant_id: str,
    kind: str,
    recipient_aad_id: str,
    day: date,
    now: datetime,
    deadline_id: int = 0,
    case_id: int = 0,
) -> bool:
    """False when this reminder was already written (by this loop or another)."""
    values = {
        "tenant_id": tenant_id,
        "kind": kind,
        "recipient_aad_id": recipient_aad_id,
        "day": day,
        "deadline_id": deadline_id,
        "case_id": case_id,
        "status": "pending",
        "attempts": 0,
        "next_attempt_at": now,
        "created_at": now,
    }
    table = Reminder.__table__  # type: ignore[attr-defined]
    statement = insert_or_ignore(session, table, values).returning(table.c.id)
    return session.execute(statement).first() is not None


def has_reminders(session: Session, *, kind: str, day: date) -> bool:
    query = select(Reminder.id).where(Reminder.kind == kind, Reminder.day == day).limit(1)
    return session.exec(query).first() is not None


def claim_pending(
    session: Session, *, now: datetime, lease: timedelta, limit: int = 100
) -> list[Reminder]:
    """Pending rows that may be tried now and nobody holds; leased to the caller."""
    query = (
        select(Reminder)
        .where(
            Reminder.status == "pending",
            col(Reminder.next_attempt_at) <= now,
            or_(col(Reminder.claimed_until).is_(None), col(Reminder.claimed_until) <= now),
        )
        .order_by(col(Reminder.next_attempt_at), col(Reminder.id))
        .limit(limit)
    )
    rows = list(session.exec(locked(session, query)))
    if rows:
        ids = [row.id for row in rows]
        session.execute(
            update(Reminder).where(col(Reminder.id).in_(ids)).values(claimed_until=now + lease)
        )
    return rows


def mark_sent(session: Session, *, reminder_id: int, activity_id: str | None, at: datetime) -> None:
    session.execute(
        update(Reminder)
        .where(col(Reminder.id) == reminder_id, col(Reminder.status) == "pending")
        .values(status="sent", sent_at=at, activity_id=activity_id, claimed_until=None)
    )


def mark_closed(session: Session, *, reminder_id: int, status: str, at: datetime) -> None:
    """`undeliverable` (recipient gone) or `dropped` (nothing left to remind about)."""
    session.execute(
        update(Reminder)
        .where(col(Reminder.id) == reminder_id, col(Reminder.status) == "pending")
        .values(status=status, sent_at=at, claimed_until=None)
    )


def retry_delay(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, ... capped at an hour: a connector outage is waited out, not lost."""
    return min(FIRST_RETRY * (2 ** max(attempts - 1, 0)), LAST_RETRY)


def mark_failed(
    session: Session,
    *,
    reminder_id: int,
    error: str,
    now: datetime,
    retry_at: datetime | None = None,
) -> None:
    """A failed send; `retry_at` (a 429's Retry-After) replaces the backoff when given."""
    row = session.get(Reminder, reminder_id)
    if row is None or row.status != "pending":
        return
    row.attempts += 1
    row.last_error = error[:64]
    row.claimed_until = None
    row.next_attempt_at = retry_at if retry_at is not None else now + retry_delay(row.attempts)
    session.add(row)
    session.flush()


def defer(session: Session, *, reminder_id: int, until: datetime) -> None:
    """Not tried (its conversation is throttled): released, no attempt counted."""
    session.execute(
        update(Reminder)
        .where(col(Reminder.id) == reminder_id, col(Reminder.status) == "pending")
        .values(claimed_until=None, next_attempt_at=until)
    )


def drop_pending_to(
    session: Session, *, tenant_id: str, case_id: int, recipient_aad_id: str, at: datetime
) -> int:
    """Pending messages about a case to someone no longer on it (a handed-over case)."""
    statement = (
        update(Reminder)
        .where(
            col(Reminder.tenant_id) == tenant_id,
            col(Reminder.case_id) == case_id,
            col(Reminder.recipient_aad_id) == recipient_aad_id,
            col(Reminder.status) == "pending",
        )
        .values(status="dropped", sent_at=at)
    )
    return changed(session, statement)
