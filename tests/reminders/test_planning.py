"""Planning reminders with a fixed clock and a calendar in memory: what is written into the outbox
on which school morning, and when the deadline is looked at again."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, col, select

from casework.school_time import SchoolTime
from content.clock import FixedClock
from reminders.kinds import ReminderKind
from reminders.planning import next_step, plan_deadlines
from storage import leaders as leader_repo
from storage import outbox
from storage import repository as repo
from storage.db import Database
from storage.deadlines import NEVER
from storage.models import Deadline, Reminder
from tests.casework.test_school_time import CALENDAR

OSLO = ZoneInfo("Europe/Oslo")
TENANT = "tenant-plan"
DUE = datetime(2026, 10, 2, 15, 0, tzinfo=OSLO)  # Friday before the autumn break


def oslo(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=OSLO)


@pytest.mark.parametrize(
    ("now", "kind", "late", "next_at"),
    [
        (oslo(2026, 10, 2, 8, 0), ReminderKind.DUE, 0, oslo(2026, 10, 13, 8, 0)),
        (oslo(2026, 10, 13, 8, 0), ReminderKind.OVERDUE, 1, oslo(2026, 10, 14, 8, 0)),
        (oslo(2026, 10, 14, 8, 0), ReminderKind.OVERDUE, 2, NEVER),
    ],
)
def test_next_step_counts_school_days_after_the_due_day(
    now: datetime, kind: ReminderKind, late: int, next_at: datetime
) -> None:
    step = next_step(SchoolTime(calendar=CALENDAR), DUE, now)
    assert (step.kind, step.late, step.next_at) == (kind, late, next_at)


def _case_with_deadline(session: Session) -> int:
    case = repo.open_case(
        session,
        tenant_id=TENANT,
        pupil_name="Ole",
        group_name="5B",
        owner_aad_id="owner",
        owner_name="Kari Lærer",
        now=oslo(2026, 10, 1, 9, 0),
    )
    assert case.id is not None
    deadline = repo.add_deadline(
        session,
        tenant_id=TENANT,
        case_id=case.id,
        kind="contact_guardians",
        due_at=DUE,
        remind_at=oslo(2026, 10, 2, 8, 0),
        now=oslo(2026, 10, 1, 9, 0),
    )
    leader_repo.add_leader(
        session,
        tenant_id=TENANT,
        source=leader_repo.CHAT,
        aad_object_id="leader",
        upn=None,
        display_name="Rita Rektor",
        now=oslo(2026, 10, 1, 9, 0),
    )
    assert deadline.id is not None
    return deadline.id


def _outbox(session: Session) -> list[tuple[str, str, str]]:
    rows = session.exec(select(Reminder).order_by(col(Reminder.id)))
    return [(row.kind, row.recipient_aad_id, row.day.isoformat()) for row in rows]


def test_a_deadline_is_reminded_due_then_overdue_then_to_the_leaders(database: Database) -> None:
    deadline_id = database.run_sync(_case_with_deadline)
    clock = FixedClock(oslo(2026, 10, 2, 8, 0))
    school = SchoolTime(calendar=CALENDAR, clock=clock)
    planned = []
    for morning in ((2026, 10, 2), (2026, 10, 5), (2026, 10, 13), (2026, 10, 14), (2026, 10, 15)):
        clock.set(oslo(*morning, 8, 0))
        planned.append(database.run_sync(lambda s: plan_deadlines(s, school, clock.now(), 10)))
    # Nothing to plan in the break (remind_at moved on to the 13th) and after the leaders knew.
    assert planned == [1, 0, 1, 1, 0]
    assert database.run_sync(_outbox) == [
        ("due", "owner", "2026-10-02"),
        ("overdue", "owner", "2026-10-13"),
        ("overdue", "owner", "2026-10-14"),
        ("leaders_overdue", "leader", "2026-10-02"),
    ]
    deadline = database.run_sync(lambda s: s.get(Deadline, deadline_id))
    assert deadline is not None and deadline.remind_at == NEVER


def test_planning_twice_writes_each_reminder_once(database: Database) -> None:
    database.run_sync(_case_with_deadline)
    school = SchoolTime(calendar=CALENDAR)
    now = oslo(2026, 10, 2, 8, 0)
    database.run_sync(lambda s: plan_deadlines(s, school, now, 10))
    database.run_sync(
        lambda s: s.execute(
            Deadline.__table__.update().values(remind_at=now)  # type: ignore[attr-defined]
        )
    )
    database.run_sync(lambda s: plan_deadlines(s, school, now, 10))
    assert database.run_sync(_outbox) == [("due", "owner", "2026-10-02")]


def test_a_deadline_planned_ahead_is_planned_as_of_its_morning_and_waits_for_it(
    database: Database,
) -> None:
    deadline_id = database.run_sync(_case_with_deadline)
    school = SchoolTime(calendar=CALENDAR)
    eight = oslo(2026, 10, 2, 8, 0)
    before = oslo(2026, 10, 2, 7, 58, 30)
    assert database.run_sync(lambda s: plan_deadlines(s, school, before, 10)) == 0
    ahead = timedelta(minutes=2)
    assert database.run_sync(lambda s: plan_deadlines(s, school, before, 10, ahead=ahead)) == 1
    assert database.run_sync(_outbox) == [("due", "owner", "2026-10-02")]
    (row,) = database.run_sync(lambda s: list(s.exec(select(Reminder))))
    assert row.next_attempt_at == eight
    # The next step as at 08:00: the school morning after the autumn break, not 08:00 today.
    deadline = database.run_sync(lambda s: s.get(Deadline, deadline_id))
    assert deadline is not None and deadline.remind_at == oslo(2026, 10, 13, 8, 0)
    lease = timedelta(minutes=5)
    early = oslo(2026, 10, 2, 7, 59, 59)
    assert database.run_sync(lambda s: outbox.claim_pending(s, now=early, lease=lease)) == []
    assert database.run_sync(lambda s: outbox.next_planned(s, after=early)) == eight
    claimed = database.run_sync(lambda s: outbox.claim_pending(s, now=eight, lease=lease))
    assert [r.id for r in claimed] == [row.id]
