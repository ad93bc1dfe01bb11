"""School time: "today" at the school, its school days, the end of its school day, its mornings.

One object answers every question the bot asks about time at the school, so the time zone, the
calendar and the two configured times are read in one place: `SchoolTime(zone, calendar,
end_of_day, reminder_time, clock)`. Times in the database are UTC; everything a person sees or
a deadline is counted in is the school's local time.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from content.calendar import SchoolCalendar
from content.clock import Clock, SystemClock
from content.rules import OSLO, DeadlineRule, due
from content.rules.deadlines import END_OF_SCHOOL_DAY

REMINDER_TIME = time(8, 0)
# The school whose calendar counts now (issue 20): set by the edge for a turn and by the
# scheduler for each case it plans; None is the tenant's default school (`calendar`).
CURRENT_SCHOOL: ContextVar[str | None] = ContextVar("naervaer_current_school", default=None)


@contextmanager
def at_school(school_id: str | None) -> Iterator[None]:
    """Count school days with `school_id`'s own calendar inside the block."""
    token = CURRENT_SCHOOL.set(school_id)
    try:
        yield
    finally:
        CURRENT_SCHOOL.reset(token)


@dataclass(frozen=True)
class SchoolTime:
    zone: ZoneInfo = OSLO
    calendar: SchoolCalendar = field(default_factory=SchoolCalendar.empty)
    end_of_day: time = END_OF_SCHOOL_DAY
    reminder_time: time = REMINDER_TIME
    clock: Clock = field(default_factory=SystemClock)
    # Each configured school's calendar by school id (NAERVAER_SCHOOLS); others use `calendar`.
    calendars: Mapping[str, SchoolCalendar] = field(default_factory=dict)
    # The school marked default in NAERVAER_SCHOOLS: its rows carry the bare tenant as scope.
    default_school: str | None = None

    @property
    def current_calendar(self) -> SchoolCalendar:
        school = CURRENT_SCHOOL.get() or self.default_school
        if school is not None and school in self.calendars:
            return self.calendars[school]
        return self.calendar

    @property
    def has_calendar(self) -> bool:
        """Whether the school's own holidays are known (a calendar file is configured); without
        one only weekends and public holidays are skipped, and the bot says so (issue 14)."""
        return self.current_calendar.spec is not None

    def now(self) -> datetime:
        """The clock's aware UTC now."""
        return self.clock.now()

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.zone)

    def today(self, now: datetime | None = None) -> date:
        """The date at the school at `now` (the clock's now when not given)."""
        return self.local(now or self.clock.now()).date()

    def day_of(self, moment: datetime) -> date:
        """The school's date of a stored (UTC) moment."""
        return self.local(moment).date()

    def is_school_day(self, day: date) -> bool:
        return self.current_calendar.is_school_day(day)

    def next_school_day(self, day: date, *, inclusive: bool = True) -> date:
        return self.current_calendar.next_school_day(day, inclusive=inclusive)

    def previous_school_day(self, day: date) -> date:
        """The last school day before `day` (the day before a meeting, when it is reminded)."""
        before = day - timedelta(days=1)
        while not self.is_school_day(before):
            before -= timedelta(days=1)
        return before

    def end_of(self, day: date) -> datetime:
        """The end of the school day on `day`: when a deadline set for that day falls due."""
        return datetime.combine(day, self.end_of_day, tzinfo=self.zone)

    def at(self, day: date, moment: time) -> datetime:
        """`day` at `moment`, school time, as an aware datetime."""
        return datetime.combine(day, moment, tzinfo=self.zone)

    def morning_of(self, day: date) -> datetime:
        """The reminder time on `day`, when the bot speaks first."""
        return datetime.combine(day, self.reminder_time, tzinfo=self.zone)

    def next_morning(self, now: datetime | None = None) -> datetime:
        """The morning of the next school day after today."""
        return self.morning_of(self.next_school_day(self.today(now), inclusive=False))

    def morning_has_come(self, now: datetime) -> bool:
        """A school day, at or after the reminder time."""
        local = self.local(now)
        return self.is_school_day(local.date()) and local.time() >= self.reminder_time

    def due(self, rule: DeadlineRule, start: datetime) -> datetime:
        """When a guide's time limit started at `start` falls due (content.rules.due)."""
        return due(rule, start, self.current_calendar, self.zone, self.end_of_day)

    def remind_at(self, due_at: datetime, now: datetime) -> datetime:
        """The morning of the due day; the next school morning when that has passed (the user
        has just been told, so the next reminder is the "overdue" one, if still open)."""
        day = self.day_of(due_at)
        morning = self.morning_of(day)
        if morning > now:
            return morning
        return self.morning_of(self.next_school_day(day, inclusive=False))

    def school_days_late(self, due_day: date, today: date, *, limit: int) -> int:
        """School days after `due_day` up to and including `today`, counted no further than
        `limit`."""
        late, day = 0, due_day
        while late < limit:
            day = self.next_school_day(day, inclusive=False)
            if day > today:
                break
            late += 1
        return late

    def school_days(self, days: Iterable[date]) -> list[date]:
        return [day for day in days if self.is_school_day(day)]
