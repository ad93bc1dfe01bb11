"""Planning the guide's deadlines in school time, and writing them onto a case.

A rule of the guide (content.rules: "samme dag", "innen 1 uke", "evaluer etter 3 uker") becomes a
due moment at the end of a school day, and a reminder time: the school morning of the due day,
or of the next school day when that morning has already passed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session

from casework.access import Actor
from casework.school_time import SchoolTime
from content.rules import DeadlineRule, level_requirements
from storage import repository as repo
from storage.models import Deadline


@dataclass(frozen=True)
class Planned:
    kind: str
    due_at: datetime
    remind_at: datetime


def plan(school: SchoolTime, rules: Iterable[DeadlineRule], now: datetime) -> list[Planned]:
    """One deadline per kind (several procedure steps can ask for the same contact)."""
    planned: dict[str, Planned] = {}
    for rule in rules:
        due_at = school.due(rule, now)
        if rule.kind not in planned or due_at < planned[rule.kind].due_at:
            planned[rule.kind] = Planned(rule.kind, due_at, school.remind_at(due_at, now))
    return list(planned.values())


def planned_on(school: SchoolTime, kind: str, day: date, now: datetime) -> Planned:
    """A deadline on an agreed day (a meeting, a call), or the next school day when that day has
    no school, with the morning reminder of that day."""
    due_at = datetime.combine(school.next_school_day(day), school.end_of_day, tzinfo=school.zone)
    return Planned(kind, due_at, school.remind_at(due_at, now))


def level_plan(school: SchoolTime, level: int, now: datetime) -> list[Planned]:
    return plan(school, level_requirements(level), now)


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
