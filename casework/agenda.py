"""«Hva må jeg gjøre i dag?» (issue 15): the user's own open deadlines across pupils, read in
one transaction, and for a leader the school's overdue count (dialogs/my_agenda.py talks).

Own means what the reminders mean: the deadlines of the cases the user owns or shares, and the
evaluations of the measures they own; never another teacher's, never another school's (the
actor's tenant_id is the school's scope). The button of each row starts the step that settles
the deadline, the same as a reminder card's «Gjør det nå».
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from casework.access import Actor
from casework.school_time import SchoolTime
from casework.vocab import DeadlineKind
from content.intents import Intent
from storage import agenda as agenda_repo
from storage.agenda import AgendaRow
from storage.deadlines import NEVER
from storage.dialect import Executor

AGENDA_LIMIT = 8

# "Gjør det nå" starts the conversation that settles the deadline.
DO_NOW_INTENT: dict[str, Intent] = {
    DeadlineKind.CONTACT_GUARDIANS: Intent.LOG_CONTACT,
    DeadlineKind.ASK_OTHER_CODE_CAUSE: Intent.LOG_CONTACT,
    DeadlineKind.NEXT_CONTACT: Intent.LOG_CONTACT,
    DeadlineKind.START_INTERDISCIPLINARY: Intent.LOG_CONTACT,
    DeadlineKind.EVALUATE_MEASURES: Intent.EVALUATE,
    DeadlineKind.REPORT_TO_LEADERSHIP: Intent.REPORT_TO_LEADERSHIP,
}


def do_now_data(kind: str, case_id: int, measure_id: int | None) -> dict[str, object]:
    """The payload of a deadline's «Gjør det nå» (a reminder card's and the agenda's)."""
    if measure_id is not None:
        return {
            "intent": Intent.EVALUATE_AGREEMENT.value,
            "case_id": case_id,
            "measure_id": measure_id,
        }
    return {"intent": DO_NOW_INTENT.get(kind, Intent.CASE_STATUS).value, "case_id": case_id}


class Period(StrEnum):
    """The recognizer's `period` of `my_agenda`; none given: everything open."""

    TODAY = "today"
    WEEK = "week"
    ALL = "all"

    @classmethod
    def of(cls, value: object) -> Period:
        return cls(value) if value in (cls.TODAY.value, cls.WEEK.value) else cls.ALL


def until(period: Period, school: SchoolTime, now: datetime) -> datetime:
    """Deadlines due before this moment are listed: the end of today, of this week (Sunday
    night, school time), or never."""
    today = school.today(now)
    if period is Period.TODAY:
        return school.at(today + timedelta(days=1), datetime.min.time())
    if period is Period.WEEK:
        return school.at(today + timedelta(days=7 - today.weekday()), datetime.min.time())
    return NEVER


@dataclass(frozen=True)
class AgendaView:
    period: Period
    rows: tuple[AgendaRow, ...]
    total: int
    # The school's overdue deadlines, for a leader; None for everyone else.
    school_overdue: int | None


def read_agenda(
    executor: Executor, actor: Actor, period: Period, school: SchoolTime, now: datetime
) -> AgendaView:
    rows, total = agenda_repo.my_open_deadlines(
        executor,
        tenant_id=actor.tenant_id,
        aad_object_id=actor.aad_id,
        until=until(period, school, now),
        limit=AGENDA_LIMIT,
    )
    overdue = (
        agenda_repo.school_overdue_count(executor, tenant_id=actor.tenant_id, now=now)
        if actor.is_leader
        else None
    )
    return AgendaView(period, tuple(rows), total, overdue)
