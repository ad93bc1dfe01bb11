"""SchoolTime: today, mornings, school days and lateness at the school, with a fixed clock and a
calendar in memory."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from casework.school_time import SchoolTime
from content.calendar import SchoolCalendar
from content.clock import FixedClock
from content.rules import DeadlineRule

OSLO = ZoneInfo("Europe/Oslo")
# Autumn break Monday 5 – Friday 9 October 2026; Monday 12 October a planning day.
CALENDAR = SchoolCalendar.from_mapping(
    {
        "name": "Testskolen",
        "school_year": "2026-2027",
        "holidays": [{"name": "Høstferie", "start": "2026-10-05", "end": "2026-10-09"}],
        "free_days": [{"date": "2026-10-12", "name": "Planleggingsdag"}],
    }
)


def school_at(*parts: int) -> SchoolTime:
    clock = FixedClock(datetime(*parts, tzinfo=OSLO))
    return SchoolTime(calendar=CALENDAR, reminder_time=time(8, 0), clock=clock)


def test_today_is_the_schools_date_not_utc() -> None:
    school = school_at(2026, 10, 2, 0, 30)  # 22:30 UTC the day before
    assert school.today() == date(2026, 10, 2)
    assert school.today(datetime(2026, 10, 1, 23, 30, tzinfo=ZoneInfo("UTC"))) == date(2026, 10, 2)


def test_next_morning_skips_the_weekend_the_holiday_and_the_free_day() -> None:
    school = school_at(2026, 10, 2, 14, 0)  # Friday before the break
    assert school.next_morning() == datetime(2026, 10, 13, 8, 0, tzinfo=OSLO)


@pytest.mark.parametrize(
    ("parts", "expected"),
    [((2026, 10, 1, 7, 59), False), ((2026, 10, 1, 8, 0), True), ((2026, 10, 6, 9, 0), False)],
)
def test_the_morning_has_come_on_school_days_from_the_reminder_time(
    parts: tuple[int, ...], expected: bool
) -> None:
    school = school_at(*parts)
    assert school.morning_has_come(school.now()) is expected


def test_remind_at_is_the_due_days_morning_or_the_next_school_morning() -> None:
    school = school_at(2026, 10, 1, 9, 0)
    due_today = datetime(2026, 10, 1, 15, 0, tzinfo=OSLO)
    assert school.remind_at(due_today, school.now()) == datetime(2026, 10, 2, 8, 0, tzinfo=OSLO)
    due_later = datetime(2026, 10, 2, 15, 0, tzinfo=OSLO)
    assert school.remind_at(due_later, school.now()) == datetime(2026, 10, 2, 8, 0, tzinfo=OSLO)


def test_school_days_late_counts_only_school_days_and_stops_at_the_limit() -> None:
    school = school_at(2026, 10, 13, 9, 0)
    # Due Friday 2 October; the next school day is Tuesday 13 October.
    assert school.school_days_late(date(2026, 10, 2), date(2026, 10, 12), limit=5) == 0
    assert school.school_days_late(date(2026, 10, 2), date(2026, 10, 13), limit=5) == 1
    assert school.school_days_late(date(2026, 10, 2), date(2026, 10, 20), limit=2) == 2


def test_due_is_the_guides_rule_in_this_schools_time() -> None:
    school = school_at(2026, 10, 2, 16, 0)  # after the school day, before the break
    same_day = school.due(DeadlineRule("contact_guardians", "same_day"), school.now())
    assert same_day == datetime(2026, 10, 13, 15, 0, tzinfo=OSLO)
