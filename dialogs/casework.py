"""Units of work on a case: each function runs inside one `Database.run` transaction.

The dialogs decide *what* happens; these functions write it, so a conversation that is
cancelled half-way has written nothing, and a finished one has written everything at once.
Deadlines are planned in school time (content.rules.due) and get a reminder time: the school
morning of the due day, or of the next school day when that morning has already passed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlmodel import Session

from content.case_replies import CaseFacts, LogFields
from content.rules import DeadlineRule, due, level_requirements, log_kind
from dialogs.actor import Actor
from dialogs.services import Services
from storage import repository as repo
from storage.dialect import Executor
from storage.models import Case, Deadline, LogEntry


@dataclass(frozen=True)
class Planned:
    kind: str
    due_at: datetime
    remind_at: datetime


def plan(services: Services, rules: Iterable[DeadlineRule], now: datetime) -> list[Planned]:
    """One deadline per kind (several procedure steps can ask for the same contact)."""
    planned: dict[str, Planned] = {}
    for rule in rules:
        due_at = due(rule, now, services.calendar, services.timezone, services.end_of_school_day)
        if rule.kind not in planned or due_at < planned[rule.kind].due_at:
            planned[rule.kind] = Planned(rule.kind, due_at, remind_time(services, due_at, now))
    return list(planned.values())


def at_school_morning(services: Services, day: date) -> datetime:
    moment: time = services.reminder_time
    return datetime.combine(day, moment, tzinfo=services.timezone)


def remind_time(services: Services, due_at: datetime, now: datetime) -> datetime:
    day = due_at.astimezone(services.timezone).date()
    morning = at_school_morning(services, day)
    if morning > now:
        return morning
    # The user has just been told; the next reminder is the "overdue" one, if still open.
    return at_school_morning(services, services.calendar.next_school_day(day, inclusive=False))


def add_planned(
    session: Session, actor: Actor, case_id: int, planned: Iterable[Planned], now: datetime
) -> list[Deadline]:
    """Adds deadlines, replacing an open deadline of the same kind instead of doubling it."""
    added = []
    for item in planned:
        repo.cancel_open_deadlines(
            session, tenant_id=actor.tenant_id, case_id=case_id, kinds=[item.kind]
        )
        added.append(
            repo.add_deadline(
                session,
                tenant_id=actor.tenant_id,
                case_id=case_id,
                kind=item.kind,
                due_at=item.due_at,
                remind_at=item.remind_at,
                now=now,
            )
        )
    return added


@dataclass(frozen=True)
class Concern:
    pupil: str
    group: str
    criteria: tuple[str, ...]
    unsafe_environment: bool
    planned: tuple[Planned, ...]


def record_concern(
    session: Session, actor: Actor, concern: Concern, now: datetime
) -> tuple[int, CaseFacts]:
    """Open a level-0 case, or continue the pupil's open case (`created` says which)."""
    tenant = actor.tenant_id
    found = repo.find_open_case(
        session, tenant_id=tenant, pupil_name=concern.pupil, group_name=concern.group
    )
    if found is None:
        case = repo.open_case(
            session,
            tenant_id=tenant,
            pupil_name=concern.pupil,
            group_name=concern.group,
            owner_aad_id=actor.aad_id,
            owner_name=actor.name,
            criteria=list(concern.criteria),
            unsafe_environment=concern.unsafe_environment,
            now=now,
        )
        assert case.id is not None
        case_id, pupil, group, level = case.id, case.pupil_name, case.group_name, case.level
    else:
        case_id, pupil, group, level = found.id, found.pupil_name, found.group_name, found.level
        repo.continue_case(
            session,
            tenant_id=tenant,
            case_id=case_id,
            criteria=sorted(set(found.criteria) | set(concern.criteria)),
            unsafe_environment=found.unsafe_environment or concern.unsafe_environment,
            now=now,
        )
    add_planned(session, actor, case_id, concern.planned, now)
    created = found is None
    action = "case.open" if created else "case.update"
    audit(session, actor, action, case_id, now, criteria=list(concern.criteria))
    return case_id, CaseFacts(pupil, group, level, created, concern.unsafe_environment)


def audit(
    executor: Executor, actor: Actor, action: str, case_id: int | None, now: datetime, **detail: Any
) -> None:
    repo.record_audit(
        executor,
        tenant_id=actor.tenant_id,
        actor_aad_id=actor.aad_id,
        action=action,
        case_id=case_id,
        detail=detail,
        at=now,
    )


def flag_unsafe(session: Session, actor: Actor, case_id: int, now: datetime) -> None:
    case = repo.require_case(session, tenant_id=actor.tenant_id, case_id=case_id)
    if not case.unsafe_environment:
        case.unsafe_environment = True
        case.updated_at = now
        session.add(case)
        audit(session, actor, "case.flag_unsafe_environment", case_id, now)


def write_log(
    session: Session,
    actor: Actor,
    case_id: int,
    entry: LogFields,
    now: datetime,
    *,
    completes: Iterable[str] = (),
) -> LogEntry:
    """Append a log entry (fraværslogg at level 0, elevlogg from 1) and close what it settles."""
    row = repo.add_log_entry(
        session,
        tenant_id=actor.tenant_id,
        case_id=case_id,
        kind=log_kind(entry.level),
        contact_date=entry.contact_date,
        reason=entry.reason,
        guardians_view=entry.guardians_view,
        next_steps=entry.next_steps,
        author=entry.author,
        author_aad_id=actor.aad_id,
        level=entry.level,
        now=now,
    )
    complete_kinds(session, actor, case_id, completes, now)
    audit(session, actor, "log.add", case_id, now, kind=row.kind)
    return row


def complete_kinds(
    session: Session, actor: Actor, case_id: int, kinds: Iterable[str], now: datetime
) -> None:
    repo.complete_deadlines_of_kinds(
        session,
        tenant_id=actor.tenant_id,
        case_id=case_id,
        kinds=kinds,
        by_aad_id=actor.aad_id,
        by_name=actor.name,
        at=now,
    )


def change_level(
    session: Session,
    actor: Actor,
    case_id: int,
    level: int,
    planned: Iterable[Planned],
    now: datetime,
) -> Case:
    before = repo.require_case(session, tenant_id=actor.tenant_id, case_id=case_id).level
    case = repo.set_level(session, tenant_id=actor.tenant_id, case_id=case_id, level=level, now=now)
    add_planned(session, actor, case_id, planned, now)
    audit(session, actor, "case.level", case_id, now, before=before, after=level)
    return case


def level_plan(services: Services, level: int, now: datetime) -> list[Planned]:
    return plan(services, level_requirements(level), now)
