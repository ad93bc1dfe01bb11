"""Planning: deciding what must be said and writing it into the outbox.

Each function runs inside one `Database.run` transaction; the outbox's unique key makes a second
plan of the same message (by this loop or another instance's) a no-op.

When a deadline's reminder fires (`remind_at`, the school morning of the due day):
- on the due day the owner gets a "due" card; the next reminder is the next school morning;
- a school day later, an "overdue" card; the next reminder is one school day on;
- two school days or more after it was due, the owner gets "overdue" again and every leader of
  the tenant gets "leaders_overdue" (once: that row's day is the due day); then no more.
"Utsett til i morgen" sets `remind_at` to the next school morning, and the same rules apply.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session

from casework.access import Actor
from casework.audit import audit
from casework.deadlines import complete_kinds
from casework.school_time import SchoolTime, at_school
from casework.schools import SchoolDirectory, municipality_recipients
from casework.vocab import AuditAction, DeadlineKind
from reminders.kinds import KINDS, About, ReminderKind
from storage import digest as digest_repo
from storage import leaders as leader_repo
from storage import outbox
from storage import repository as repo
from storage.deadlines import NEVER
from storage.models import Case, Deadline, JoinRequest, Reminder
from storage.schools import school_of_scope

LEADERS_AFTER_SCHOOL_DAYS = 2


@dataclass(frozen=True)
class Step:
    kind: ReminderKind
    late: int
    next_at: datetime


def next_step(school: SchoolTime, due_at: datetime, now: datetime) -> Step:
    today = school.today(now)
    late = school.school_days_late(school.day_of(due_at), today, limit=LEADERS_AFTER_SCHOOL_DAYS)
    next_at = school.next_morning(now) if late < LEADERS_AFTER_SCHOOL_DAYS else NEVER
    return Step(ReminderKind.DUE if late == 0 else ReminderKind.OVERDUE, late, next_at)


def _enqueue(session: Session, kind: ReminderKind, **keys: object) -> bool:
    return outbox.enqueue_reminder(session, kind=kind.value, **keys)  # type: ignore[arg-type]


def plan_deadlines(
    session: Session,
    school: SchoolTime,
    now: datetime,
    limit: int,
    *,
    ahead: timedelta = timedelta(0),
) -> int:
    """Write the reminders of deadlines whose time has come, or comes within `ahead`; how many
    deadlines were handled. A batch takes a few statements, not a few per deadline: at 08:00
    thousands fall due. A deadline planned ahead is planned as of its reminder time: its rows
    wait in the outbox until then (`next_attempt_at`), and what they say is composed when they
    are sent, so a deadline done or a case closed in between sends nothing."""
    deadlines = repo.claim_due_deadlines(session, now=now + ahead, limit=limit)
    cases = repo.get_cases(session, case_ids={deadline.case_id for deadline in deadlines})
    moves: dict[datetime, list[int]] = defaultdict(list)
    rows: list[dict[str, object]] = []
    for deadline in deadlines:
        assert deadline.id is not None
        at = max(now, deadline.remind_at)
        with at_school(school_of_scope(deadline.tenant_id)):
            step = next_step(school, deadline.due_at, at)
            moves[step.next_at].append(deadline.id)
            case = cases.get(deadline.case_id)
            if case is None or case.tenant_id != deadline.tenant_id or case.status != "open":
                continue
            for row in _reminders_of(session, school, deadline, case, step, school.today(at)):
                rows.append({**row, "next_attempt_at": at})
    for remind_at, ids in moves.items():
        repo.set_next_reminders(session, deadline_ids=ids, remind_at=remind_at)
    outbox.enqueue_reminders(session, rows, now=now)
    return len(deadlines)


def _reminders_of(
    session: Session, school: SchoolTime, deadline: Deadline, case: Case, step: Step, today: date
) -> Iterator[dict[str, object]]:
    """One deadline's reminder rows, counted in its school's calendar."""
    keys = {"tenant_id": case.tenant_id, "deadline_id": deadline.id, "case_id": case.id}
    # A measure's evaluation goes to the member of staff who owns the measure.
    recipient = deadline.owner_aad_id or case.owner_aad_id
    yield {"kind": step.kind.value, "recipient_aad_id": recipient, "day": today, **keys}
    if step.late >= LEADERS_AFTER_SCHOOL_DAYS:
        due_day = school.day_of(deadline.due_at)
        for leader in leader_repo.leaders_of(session, case.tenant_id):
            kind = ReminderKind.LEADERS_OVERDUE.value
            yield {"kind": kind, "recipient_aad_id": leader, "day": due_day, **keys}


def plan_meetings(session: Session, school: SchoolTime, now: datetime) -> int:
    """The case owner hears of an attendance meeting on the school morning before it."""
    if not school.morning_has_come(now):
        return 0
    today = school.today(now)
    return sum(
        _enqueue(
            session,
            ReminderKind.MEETING_TOMORROW,
            tenant_id=case.tenant_id,
            recipient_aad_id=case.owner_aad_id,
            day=today,
            case_id=case.id,
            now=now,
        )
        for _meeting, case in repo.meetings_to_remind(session, day=today, now=now)
    )


def plan_join_request(session: Session, request: JoinRequest, owner: str, now: datetime) -> None:
    """The case owner gets «… vil bli med på saken – Godta / Avslå» at once."""
    assert request.id is not None
    _enqueue(
        session,
        ReminderKind.JOIN_REQUEST,
        tenant_id=request.tenant_id,
        recipient_aad_id=owner,
        day=now.date(),
        deadline_id=request.id,
        case_id=request.case_id,
        now=now,
    )


def plan_join_answer(session: Session, request: JoinRequest, now: datetime) -> None:
    assert request.id is not None
    _enqueue(
        session,
        ReminderKind.JOIN_ANSWER,
        tenant_id=request.tenant_id,
        recipient_aad_id=request.requester_aad_id,
        day=now.date(),
        deadline_id=request.id,
        case_id=request.case_id,
        now=now,
    )


def plan_digest(session: Session, school: SchoolTime, now: datetime) -> int:
    """Leaders' weekly digest on the first school day of the week, at the reminder time."""
    today = school.today(now)
    first = school.next_school_day(today - timedelta(days=today.weekday()))

    def leaders() -> Iterator[tuple[str, str]]:
        for tenant_id in digest_repo.tenants_with_open_cases(session):
            for leader in leader_repo.leaders_of(session, tenant_id):
                yield tenant_id, leader

    return _plan_once(session, school, now, ReminderKind.WEEKLY_DIGEST, first, leaders)


def plan_municipality_digest(
    session: Session, school: SchoolTime, now: datetime, directory: SchoolDirectory
) -> int:
    """The municipality's counts on the week's first school day (issue 20)."""
    if not directory.admins.raw:
        return 0
    today = school.today(now)
    first = school.next_school_day(today - timedelta(days=today.weekday()))
    kind = ReminderKind.MUNICIPALITY_DIGEST
    return _plan_once(
        session, school, now, kind, first, lambda: municipality_recipients(session, directory)
    )


def plan_annual_wheel(session: Session, school: SchoolTime, now: datetime) -> int:
    """The month's preventive tasks on its first school day, to staff who opted in."""
    first = school.next_school_day(school.today(now).replace(day=1))

    def opted_in() -> Iterator[tuple[str, str]]:
        for reference in repo.annual_wheel_recipients(session):
            yield reference.tenant_id, reference.user_aad_id

    return _plan_once(session, school, now, ReminderKind.ANNUAL_WHEEL, first, opted_in)


def _plan_once(
    session: Session,
    school: SchoolTime,
    now: datetime,
    kind: ReminderKind,
    day: date,
    recipients: Callable[[], Iterable[tuple[str, str]]],
) -> int:
    """A message of `kind` to each (tenant, recipient), once, on the morning of `day`."""
    today = school.today(now)
    if not school.morning_has_come(now) or day != today:
        return 0
    if outbox.has_reminders(session, kind=kind.value, day=today):
        return 0
    return sum(
        _enqueue(session, kind, tenant_id=tenant_id, recipient_aad_id=recipient, day=today, now=now)
        for tenant_id, recipient in recipients()
    )


def plan_leadership_report(
    session: Session, actor: Actor, case_id: int, now: datetime, today: date
) -> list[str]:
    """Level 2's report, queued for every reachable leader; the names of those who will get it.
    The `report_to_leadership` deadline is done once someone will get it."""
    references = repo.installed_references(
        session, tenant_id=actor.tenant_id, aad_ids=leader_repo.leaders_of(session, actor.tenant_id)
    )
    for reference in references:
        _enqueue(
            session,
            ReminderKind.LEADERSHIP_REPORT,
            tenant_id=actor.tenant_id,
            recipient_aad_id=reference.user_aad_id,
            day=today,
            case_id=case_id,
            now=now,
        )
    if references:
        complete_kinds(session, actor, case_id, [DeadlineKind.REPORT_TO_LEADERSHIP], now)
        action = AuditAction.CASE_REPORT_TO_LEADERSHIP
        audit(session, actor, action, case_id, now, leaders=len(references))
    return [reference.display_name for reference in references]


def tell_leaders_owner_unreachable(session: Session, row: Reminder, now: datetime) -> None:
    """Nobody to send an owner's reminder to: the leaders hear of the deadline (once a day)."""
    spec = KINDS[ReminderKind(row.kind)]
    # Only a deadline can be told about: a join request's id in `deadline_id` is not one.
    if not spec.to_owner or spec.about is not About.DEADLINE:
        return
    for leader in leader_repo.leaders_of(session, row.tenant_id):
        if leader != row.recipient_aad_id:
            _enqueue(
                session,
                ReminderKind.OWNER_UNREACHABLE,
                tenant_id=row.tenant_id,
                recipient_aad_id=leader,
                day=row.day,
                deadline_id=row.deadline_id,
                case_id=row.case_id,
                now=now,
            )
