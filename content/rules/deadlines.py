"""The guide's time limits ("samme dag", "innen 1 uke", "evaluer etter 3 uker") as rules, and
when a rule falls due in school time.

Decisions, so that every part of the bot computes the same moment:
- Every deadline is at the end of a school day (default 15:00, Europe/Oslo): staff can act on
  it during that day, and a reminder sent before then is still useful.
- `same_day` means today if today is a school day and the school day has not ended; otherwise
  the next school day. A concern raised on Saturday or at 16:00 cannot be acted on "the same
  day", so the first moment the school can act is the next school day.
- `within_weeks n` and `after_weeks n` both count n school weeks of five school days each from
  the start date (issue 14): "evaluer etter 3 uker" is 15 school days, so measures set before
  Christmas get three weeks of school, not one. They differ in meaning (a limit versus the
  moment to evaluate), not in arithmetic.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from content.calendar import SchoolCalendar
from content.models import DeadlineKind

RuleKind = Literal["same_day", "within_weeks", "after_weeks"]

# The kinds are the guide data's (content.models.DeadlineKind); rules name them as plain strings.
DEADLINE_KINDS: tuple[str, ...] = tuple(kind.value for kind in DeadlineKind)
OSLO = ZoneInfo("Europe/Oslo")
END_OF_SCHOOL_DAY = time(15, 0)


@dataclass(frozen=True)
class DeadlineRule:
    """What must happen (`kind`) and how its time limit is counted (`rule`, `weeks`)."""

    kind: str
    rule: RuleKind
    weeks: int = 0

    def __post_init__(self) -> None:
        if self.kind not in DEADLINE_KINDS:
            raise ValueError(f"unknown deadline kind {self.kind!r}")
        if self.rule == "same_day" and self.weeks != 0:
            raise ValueError("a same_day rule counts no weeks")
        if self.rule != "same_day" and self.weeks < 1:
            raise ValueError(f"a {self.rule} rule needs weeks >= 1, not {self.weeks}")


SCHOOL_DAYS_PER_WEEK = 5


def earliest_date(rule: DeadlineRule, start_date: date) -> date:
    """The first calendar date the rule could allow: n calendar weeks (school weeks are never
    shorter)."""
    return start_date + timedelta(weeks=rule.weeks)


def after_school_days(start_date: date, count: int, calendar: SchoolCalendar) -> date:
    """The `count`-th school day after `start_date`."""
    day = start_date
    for _ in range(count):
        day = calendar.next_school_day(day, inclusive=False)
    return day


def due(
    rule: DeadlineRule,
    start: datetime,
    calendar: SchoolCalendar,
    tz: ZoneInfo = OSLO,
    end_of_school_day: time = END_OF_SCHOOL_DAY,
) -> datetime:
    """When `rule`, started at `start`, falls due: always a school day at `end_of_school_day`."""
    if start.tzinfo is None:
        raise ValueError("due() needs an aware start datetime")
    local = start.astimezone(tz)
    if rule.rule == "same_day":
        today = local.date()
        if calendar.is_school_day(today) and local.time() < end_of_school_day:
            day = today
        else:
            day = calendar.next_school_day(today, inclusive=False)
    else:
        day = after_school_days(local.date(), rule.weeks * SCHOOL_DAYS_PER_WEEK, calendar)
    return datetime.combine(day, end_of_school_day, tzinfo=tz)
