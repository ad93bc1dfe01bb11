"""Units of work of the reminder outbox; each runs inside one `Database.run` transaction.

`plan` decides what must be said (deadline reminders, the Monday digest, the annual wheel) and
writes it down; `claim` leases what is ready and renders it; `record` writes what happened.
The scheduler in `bot/` only moves these between the database and the connector.

When a deadline's reminder fires (`remind_at`, the school morning of the due day):
- on the due day the owner gets a "due" card; the next reminder is the next school morning;
- a school day later, an "overdue" card; the next reminder is one school day on;
- two school days or more after it was due, the owner gets "overdue" again and every leader of
  the tenant gets "leaders_overdue" (once: that row's day is the due day); then no more.
"Utsett til i morgen" sets `remind_at` to the next school morning, and the same rules apply.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.schema import Activity
from sqlmodel import Session

from content.i18n import Translator
from dialogs import notices
from dialogs.casework import at_school_morning
from dialogs.services import Services
from storage import leaders as leader_repo
from storage import reminders as outbox
from storage import repository as repo
from storage.models import Reminder

# Where the middleware leaves a callable that wakes the scheduler to deliver right away.
OUTBOX_KICK = "naervaer.outbox_kick"
LEADERS_AFTER_SCHOOL_DAYS = 2
DEADLINE_KINDS = ("due", "overdue", "leaders_overdue", "owner_unreachable")
OWNER_KINDS = ("due", "overdue")


def leaders_of(session: Session, tenant_id: str) -> list[str]:
    """Aad ids of a tenant's leaders: the one place the outbox asks, so it changes in one line."""
    return leader_repo.leaders_of(session, tenant_id)


def kick_outbox(context: TurnContext) -> None:
    kick = context.turn_state.get(OUTBOX_KICK)
    if callable(kick):
        kick()


@dataclass(frozen=True)
class Step:
    kind: str
    late: int
    next_at: datetime


def school_days_late(services: Services, due_day: date, today: date) -> int:
    """School days after `due_day` up to and including `today`, counted no further than needed."""
    late, day = 0, due_day
    while late < LEADERS_AFTER_SCHOOL_DAYS:
        day = services.calendar.next_school_day(day, inclusive=False)
        if day > today:
            break
        late += 1
    return late


def next_step(services: Services, due_at: datetime, now: datetime) -> Step:
    tz = services.timezone
    today = now.astimezone(tz).date()
    late = school_days_late(services, due_at.astimezone(tz).date(), today)
    following = services.calendar.next_school_day(today, inclusive=False)
    next_at = (
        at_school_morning(services, following) if late < LEADERS_AFTER_SCHOOL_DAYS else outbox.NEVER
    )
    return Step("due" if late == 0 else "overdue", late, next_at)


def plan_deadlines(session: Session, services: Services, now: datetime, limit: int) -> int:
    """Write the reminders of deadlines whose time has come; how many deadlines were handled."""
    today = now.astimezone(services.timezone).date()
    deadlines = outbox.claim_due_deadlines(session, now=now, limit=limit)
    for deadline in deadlines:
        assert deadline.id is not None
        step = next_step(services, deadline.due_at, now)
        outbox.set_next_reminder(session, deadline_id=deadline.id, remind_at=step.next_at)
        case = repo.get_case(session, tenant_id=deadline.tenant_id, case_id=deadline.case_id)
        if case is None or case.status != "open":
            continue
        keys = {
            "tenant_id": case.tenant_id,
            "deadline_id": deadline.id,
            "case_id": deadline.case_id,
        }
        outbox.enqueue_reminder(
            session, kind=step.kind, recipient_aad_id=case.owner_aad_id, day=today, now=now, **keys
        )
        if step.late >= LEADERS_AFTER_SCHOOL_DAYS:
            due_day = deadline.due_at.astimezone(services.timezone).date()
            for leader in leaders_of(session, case.tenant_id):
                outbox.enqueue_reminder(
                    session,
                    kind="leaders_overdue",
                    recipient_aad_id=leader,
                    day=due_day,
                    now=now,
                    **keys,
                )
    return len(deadlines)


def _morning_has_come(services: Services, now: datetime) -> bool:
    local = now.astimezone(services.timezone)
    return services.calendar.is_school_day(local.date()) and local.time() >= services.reminder_time


def plan_digest(session: Session, services: Services, now: datetime) -> int:
    """Leaders' weekly digest on the first school day of the week, at the reminder time."""
    today = now.astimezone(services.timezone).date()
    monday = today - timedelta(days=today.weekday())
    if not _morning_has_come(services, now) or services.calendar.next_school_day(monday) != today:
        return 0
    if outbox.has_reminders(session, kind="weekly_digest", day=today):
        return 0
    written = 0
    for tenant_id in outbox.tenants_with_open_cases(session):
        for leader in leaders_of(session, tenant_id):
            written += outbox.enqueue_reminder(
                session,
                tenant_id=tenant_id,
                kind="weekly_digest",
                recipient_aad_id=leader,
                day=today,
                now=now,
            )
    return written


def plan_annual_wheel(session: Session, services: Services, now: datetime) -> int:
    """The month's preventive tasks on its first school day, to staff who opted in."""
    today = now.astimezone(services.timezone).date()
    first = services.calendar.next_school_day(today.replace(day=1))
    if not _morning_has_come(services, now) or first != today:
        return 0
    if outbox.has_reminders(session, kind="annual_wheel", day=today):
        return 0
    written = 0
    for reference in repo.annual_wheel_recipients(session):
        written += outbox.enqueue_reminder(
            session,
            tenant_id=reference.tenant_id,
            kind="annual_wheel",
            recipient_aad_id=reference.user_aad_id,
            day=today,
            now=now,
        )
    return written


@dataclass(frozen=True)
class Outgoing:
    """A leased reminder, rendered and ready for the connector."""

    reminder_id: int
    tenant_id: str
    recipient_aad_id: str
    reference: dict[str, Any]
    activity: Activity


@dataclass(frozen=True)
class Outcome:
    reminder_id: int
    tenant_id: str
    recipient_aad_id: str
    activity_id: str | None = None
    error: str | None = None
    gone: bool = False


def claim(
    session: Session, services: Services, now: datetime, lease: timedelta, limit: int
) -> list[Outgoing]:
    ready = []
    for row in outbox.claim_pending(session, now=now, lease=lease, limit=limit):
        assert row.id is not None
        reference = repo.get_conversation_reference(
            session, tenant_id=row.tenant_id, user_aad_id=row.recipient_aad_id
        )
        if reference is None or not reference.installed:
            unreachable(session, row, now)
            continue
        activity = compose(session, services, row, Translator.for_locale(reference.locale), now)
        if activity is None:
            outbox.mark_closed(session, reminder_id=row.id, status="dropped", at=now)
            continue
        data = repo.reference_data(reference)
        ready.append(Outgoing(row.id, row.tenant_id, row.recipient_aad_id, data, activity))
    return ready


def unreachable(session: Session, row: Reminder, now: datetime) -> None:
    """Nobody to send to: the owner's leaders hear of the deadline instead (once per day)."""
    assert row.id is not None
    outbox.mark_closed(session, reminder_id=row.id, status="undeliverable", at=now)
    if row.kind not in OWNER_KINDS:
        return
    for leader in leaders_of(session, row.tenant_id):
        if leader != row.recipient_aad_id:
            outbox.enqueue_reminder(
                session,
                tenant_id=row.tenant_id,
                kind="owner_unreachable",
                recipient_aad_id=leader,
                day=row.day,
                deadline_id=row.deadline_id,
                case_id=row.case_id,
                now=now,
            )


def record(session: Session, outcomes: Sequence[Outcome], now: datetime) -> None:
    for outcome in outcomes:
        if outcome.error is None:
            outbox.mark_sent(
                session, reminder_id=outcome.reminder_id, activity_id=outcome.activity_id, at=now
            )
        elif outcome.gone:
            repo.mark_uninstalled(
                session, tenant_id=outcome.tenant_id, user_aad_id=outcome.recipient_aad_id, now=now
            )
            row = session.get(Reminder, outcome.reminder_id)
            if row is not None and row.status == "pending":
                unreachable(session, row, now)
        else:
            outbox.mark_failed(
                session, reminder_id=outcome.reminder_id, error=outcome.error, now=now
            )


def compose(
    session: Session, services: Services, row: Reminder, translate: Translator, now: datetime
) -> Activity | None:
    """The message for one reminder row, or None when there is nothing left to say."""
    tz = services.timezone
    if row.kind == "annual_wheel":
        return notices.annual_wheel(services.guide, translate, row.day)
    if row.kind == "weekly_digest":
        return notices.weekly_digest(translate, digest(session, row.tenant_id, now), tz)
    case = repo.get_case(session, tenant_id=row.tenant_id, case_id=row.case_id)
    if case is None or case.status != "open":
        return None
    if row.kind == "leadership_report":
        measures = repo.measures(session, tenant_id=case.tenant_id, case_id=row.case_id)
        deadlines = repo.open_deadlines(session, tenant_id=case.tenant_id, case_id=row.case_id)
        return notices.leadership_report(services.guide, translate, case, measures, deadlines, tz)
    deadline = outbox.get_deadline(session, tenant_id=row.tenant_id, deadline_id=row.deadline_id)
    if deadline is None or deadline.status != "open":
        return None
    if row.kind == "owner_unreachable":
        return notices.owner_unreachable(translate, case, deadline, tz)
    return notices.reminder_card(translate, row.kind, case, deadline, tz)


def digest(session: Session, tenant_id: str, now: datetime) -> notices.Digest:
    since = now - timedelta(days=7)
    total, overdue = outbox.overdue_deadlines(session, tenant_id=tenant_id, now=now)
    return notices.Digest(
        week=now.isocalendar().week,
        new=outbox.new_cases(session, tenant_id=tenant_id, since=since),
        moved=outbox.cases_moved(session, tenant_id=tenant_id, since=since),
        overdue_total=total,
        overdue=overdue,
    )
