from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from content.calendar import EXAMPLE_CALENDAR, SchoolCalendar
from content.rules.deadlines import OSLO, DeadlineRule, due
from content.rules.ladder import LEVELS, level_requirements

EXAMPLE = SchoolCalendar.from_toml(EXAMPLE_CALENDAR)
EMPTY = SchoolCalendar.empty()
FIFTEEN = time(15, 0)
ALL_RULES = sorted(
    {rule for level in LEVELS for rule in level_requirements(level)}
    | {
        DeadlineRule("next_contact", "within_weeks", 2),
        DeadlineRule("ask_other_code_cause", "same_day"),
    },
    key=repr,
)


def oslo(*args: int) -> datetime:
    return datetime(*args, tzinfo=OSLO)  # type: ignore[misc]


def test_level_2_on_friday_27_november() -> None:
    start = oslo(2026, 11, 27, 10, 30)
    deadlines = {rule.kind: due(rule, start, EXAMPLE) for rule in level_requirements(2)}
    assert deadlines == {
        "report_to_leadership": oslo(2026, 12, 4, 15),
        "evaluate_measures": oslo(2026, 12, 18, 15),
    }


@pytest.mark.parametrize(
    ("rule", "start", "expected"),
    [
        # three school weeks from 7 December: 9 school days before Christmas, 6 after (issue 14)
        (
            DeadlineRule("evaluate_measures", "after_weeks", 3),
            oslo(2026, 12, 7, 9),
            oslo(2027, 1, 11, 15),
        ),
        (
            DeadlineRule("start_interdisciplinary", "within_weeks", 3),
            oslo(2026, 12, 7, 9),
            oslo(2027, 1, 11, 15),
        ),
        # measures set on Friday 18 December: 15 school days, all after the holiday
        (
            DeadlineRule("evaluate_measures", "after_weeks", 3),
            oslo(2026, 12, 18, 10),
            oslo(2027, 1, 22, 15),
        ),
        # same day: before and after the end of the school day, on a Friday and a Saturday
        (
            DeadlineRule("contact_guardians", "same_day"),
            oslo(2026, 11, 26, 9),
            oslo(2026, 11, 26, 15),
        ),
        (
            DeadlineRule("contact_guardians", "same_day"),
            oslo(2026, 11, 26, 16),
            oslo(2026, 11, 27, 15),
        ),
        (
            DeadlineRule("contact_guardians", "same_day"),
            oslo(2026, 11, 27, 16),
            oslo(2026, 11, 30, 15),
        ),
        (
            DeadlineRule("contact_guardians", "same_day"),
            oslo(2026, 11, 28, 9),
            oslo(2026, 11, 30, 15),
        ),
        (
            DeadlineRule("contact_guardians", "same_day"),
            oslo(2026, 11, 26, 15),
            oslo(2026, 11, 27, 15),
        ),
        # 08:00 UTC is 09:00 in Oslo: still the same school day
        (
            DeadlineRule("contact_guardians", "same_day"),
            datetime(2026, 11, 26, 8, tzinfo=UTC),
            oslo(2026, 11, 26, 15),
        ),
        # 23:30 UTC on Thursday is already Friday in Oslo
        (
            DeadlineRule("contact_guardians", "same_day"),
            datetime(2026, 11, 26, 23, 30, tzinfo=UTC),
            oslo(2026, 11, 27, 15),
        ),
    ],
)
def test_due(rule: DeadlineRule, start: datetime, expected: datetime) -> None:
    assert due(rule, start, EXAMPLE) == expected


def test_summer_time_keeps_fifteen_oclock() -> None:
    result = due(DeadlineRule("evaluate_measures", "after_weeks", 3), oslo(2027, 3, 10, 9), EXAMPLE)
    assert result == oslo(2027, 4, 8, 15)  # 15 school days: the Easter holiday is skipped
    assert result.utcoffset() == timedelta(hours=2)


def test_naive_start_is_rejected() -> None:
    with pytest.raises(ValueError):
        due(DeadlineRule("contact_guardians", "same_day"), datetime(2026, 11, 26, 9), EXAMPLE)


@pytest.mark.parametrize(
    ("kind", "rule", "weeks"),
    [
        ("contact_guardians", "same_day", 1),
        ("evaluate_measures", "after_weeks", 0),
        ("tea", "same_day", 0),
    ],
)
def test_invalid_rules(kind: str, rule: str, weeks: int) -> None:
    with pytest.raises(ValueError):
        DeadlineRule(kind, rule, weeks)  # type: ignore[arg-type]


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days)]


starts = st.datetimes(
    min_value=datetime(2025, 1, 1),
    max_value=datetime(2028, 12, 31),
    timezones=st.sampled_from([OSLO, UTC]),
    allow_imaginary=False,
)


@settings(max_examples=300, deadline=None)
@given(start=starts, rule=st.sampled_from(ALL_RULES), calendar=st.sampled_from([EXAMPLE, EMPTY]))
def test_due_is_the_earliest_school_day_allowed(
    start: datetime, rule: DeadlineRule, calendar: SchoolCalendar
) -> None:
    result = due(rule, start, calendar)
    local = start.astimezone(OSLO)
    assert result.tzinfo is not None and result.utcoffset() == result.astimezone(OSLO).utcoffset()
    assert result.astimezone(OSLO).time() == FIFTEEN
    assert calendar.is_school_day(result.date())
    if rule.rule == "same_day":
        assert result > start
        skipped = _days(local.date(), result.date())
        assert not any(
            calendar.is_school_day(d) and datetime.combine(d, FIFTEEN, tzinfo=OSLO) > start
            for d in skipped
        )
    else:
        # n school weeks are 5n school days after the start date, the last one the due day
        after = _days(local.date() + timedelta(days=1), result.date() + timedelta(days=1))
        assert sum(calendar.is_school_day(d) for d in after) == 5 * rule.weeks
