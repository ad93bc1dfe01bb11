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

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import and_, func, or_, update
from sqlmodel import Session, col, select

from storage.dialect import insert_or_ignore
from storage.models import AuditEvent, Case, ConversationReference, Deadline, Reminder

# `remind_at` of a deadline the scheduler has said all it will say about; it stays open and
# listed. Far in the future rather than NULL, so the sweep's index stays a plain range scan.
NEVER = datetime(9999, 12, 31, tzinfo=UTC)
FIRST_RETRY = timedelta(seconds=30)
LAST_RETRY = timedelta(hours=1)


def _locked(session: Session, query: object) -> object:
    if session.get_bind().dialect.name == "postgresql":
        return query.with_for_update(skip_locked=True)  # type: ignore[attr-defined]
    return query


def claim_due_deadlines(session: Session, *, now: datetime, limit: int = 200) -> list[Deadline]:
    """Open deadlines whose reminder time has come, locked against other loops until commit."""
    query = (
        select(Deadline)
        .where(Deadline.status == "open", col(Deadline.remind_at) <= now)
        .order_by(col(Deadline.remind_at), col(Deadline.id))
        .limit(limit)
    )
    return list(session.exec(_locked(session, query)))  # type: ignore[call-overload]


def set_next_reminder(session: Session, *, deadline_id: int, remind_at: datetime) -> None:
    session.execute(
        update(Deadline).where(col(Deadline.id) == deadline_id).values(remind_at=remind_at)
    )


def get_deadline(session: Session, *, tenant_id: str, deadline_id: int) -> Deadline | None:
    deadline = session.get(Deadline, deadline_id)
    return deadline if deadline is not None and deadline.tenant_id == tenant_id else None


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
    rows = list(session.exec(_locked(session, query)))  # type: ignore[call-overload]
    if rows:
        ids = [row.id for row in rows]
        session.execute(
            update(Reminder).where(col(Reminder.id).in_(ids)).values(claimed_until=now + lease)
        )
    return rows


def mark_sent(session: Session, *, reminder_id: int, activity_id: str | None, at: datetime) -> None:
    session.execute(
        update(Reminder)
        .where(col(Reminder.id) == reminder_id, Reminder.status == "pending")
        .values(status="sent", sent_at=at, activity_id=activity_id, claimed_until=None)
    )


def mark_closed(session: Session, *, reminder_id: int, status: str, at: datetime) -> None:
    """`undeliverable` (recipient gone) or `dropped` (nothing left to remind about)."""
    session.execute(
        update(Reminder)
        .where(col(Reminder.id) == reminder_id, Reminder.status == "pending")
        .values(status=status, sent_at=at, claimed_until=None)
    )


def retry_delay(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, ... capped at an hour: a connector outage is waited out, not lost."""
    return min(FIRST_RETRY * (2 ** max(attempts - 1, 0)), LAST_RETRY)


def mark_failed(session: Session, *, reminder_id: int, error: str, now: datetime) -> None:
    row = session.get(Reminder, reminder_id)
    if row is None or row.status != "pending":
        return
    row.attempts += 1
    row.last_error = error[:64]
    row.claimed_until = None
    row.next_attempt_at = now + retry_delay(row.attempts)
    session.add(row)
    session.flush()


def installed_references(
    session: Session, *, tenant_id: str, aad_ids: Iterable[str]
) -> list[ConversationReference]:
    wanted = sorted(set(aad_ids))
    if not wanted:
        return []
    query = select(ConversationReference).where(
        ConversationReference.tenant_id == tenant_id,
        col(ConversationReference.user_aad_id).in_(wanted),
        col(ConversationReference.installed).is_(True),
    )
    return list(session.exec(query.order_by(col(ConversationReference.display_name))))


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
        Deadline.tenant_id == tenant_id,
        Deadline.status == "open",
        col(Deadline.due_at) < now,
        Case.status == "open",
    )
    joined = select(Case, Deadline).join(Deadline, col(Deadline.case_id) == Case.id)
    count_query = select(func.count()).select_from(Deadline).join(Case).where(where)
    total = session.exec(count_query).one()
    rows = session.exec(
        joined.where(where).order_by(col(Deadline.due_at), col(Deadline.id)).limit(limit)
    ).all()
    return int(total), [(case, deadline) for case, deadline in rows]
