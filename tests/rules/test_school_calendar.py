from datetime import date
from pathlib import Path

import pytest

from content.calendar import EXAMPLE_CALENDAR, CalendarError, SchoolCalendar

EXAMPLE = SchoolCalendar.from_toml(EXAMPLE_CALENDAR)
MINIMAL = {"name": "Test", "school_year": "2026-2027"}


def test_example_is_marked_as_an_example() -> None:
    assert "EKSEMPEL" in EXAMPLE.name
    assert EXAMPLE_CALENDAR.read_text(encoding="utf-8").startswith("# EXAMPLE")
    assert EXAMPLE.school_year == "2026-2027"


@pytest.mark.parametrize(
    ("day", "school_day"),
    [
        (date(2026, 12, 18), True),  # last day before Christmas
        (date(2026, 12, 21), False),  # Christmas holiday
        (date(2026, 12, 28), False),
        (date(2027, 1, 1), False),
        (date(2027, 1, 4), True),  # first day back
        (date(2026, 9, 28), False),  # autumn holiday, week 40
        (date(2026, 10, 2), False),
        (date(2026, 10, 5), True),
        (date(2027, 3, 1), False),  # winter holiday, week 9
        (date(2027, 3, 24), False),  # Easter holiday
        (date(2027, 3, 30), True),
        (date(2026, 11, 13), False),  # planning day
        (date(2027, 5, 6), False),  # Ascension Day: public holiday, not in the file
        (date(2027, 5, 17), False),  # Constitution Day
        (date(2027, 6, 18), True),
        (date(2027, 7, 1), False),  # summer
        (date(2026, 11, 28), False),  # Saturday
        (date(2026, 11, 29), False),  # Sunday
        (date(2026, 11, 30), True),
    ],
)
def test_example_school_days(day: date, school_day: bool) -> None:
    assert EXAMPLE.is_school_day(day) is school_day


@pytest.mark.parametrize(
    ("day", "school_day"),
    [
        (date(2026, 12, 21), True),  # no school holidays in an empty calendar
        (date(2026, 12, 25), False),
        (date(2028, 5, 17), False),  # any year works
        (date(2025, 4, 18), False),  # Good Friday 2025
        (date(2026, 11, 28), False),
    ],
)
def test_empty_calendar(day: date, school_day: bool) -> None:
    assert SchoolCalendar.empty().is_school_day(day) is school_day


def test_extra_school_day_beats_weekend_and_holiday() -> None:
    calendar = SchoolCalendar.from_mapping(
        MINIMAL
        | {
            "holidays": [{"name": "Ferie", "start": date(2026, 10, 5), "end": date(2026, 10, 9)}],
            "extra_school_days": [{"date": date(2026, 9, 12)}, {"date": date(2026, 10, 7)}],
        }
    )
    assert calendar.is_school_day(date(2026, 9, 12))
    assert calendar.is_school_day(date(2026, 10, 7))
    assert not calendar.is_school_day(date(2026, 10, 6))


@pytest.mark.parametrize(
    ("day", "inclusive", "expected"),
    [
        (date(2026, 12, 18), True, date(2026, 12, 18)),
        (date(2026, 12, 18), False, date(2027, 1, 4)),
        (date(2026, 12, 24), True, date(2027, 1, 4)),
        (date(2026, 11, 12), False, date(2026, 11, 16)),  # over a planning day and a weekend
    ],
)
def test_next_school_day(day: date, inclusive: bool, expected: date) -> None:
    assert EXAMPLE.next_school_day(day, inclusive=inclusive) == expected


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"holidays": [{"name": "Jul", "start": "2026-12-21", "end": "2026-12-01"}]},
            "before it starts",
        ),
        ({"holidays": [{"name": "Jul", "start": "2026-13-01", "end": "2026-12-31"}]}, "date"),
        ({"free_days": [{"date": "i morgen"}]}, "date"),
        ({"school_year": "2026-2028"}, "school_year"),
        ({"planing_days": []}, "planing_days"),
        (
            {"free_days": [{"date": "2026-11-13"}], "extra_school_days": [{"date": "2026-11-13"}]},
            "both",
        ),
    ],
)
def test_bad_calendars_are_rejected_clearly(changes: dict[str, object], message: str) -> None:
    with pytest.raises(CalendarError, match=message):
        SchoolCalendar.from_mapping(MINIMAL | changes, source="skole.toml")


def test_bad_toml_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "skole.toml"
    path.write_text('name = "Test"\nschool_year = 2026-2027\n', encoding="utf-8")
    with pytest.raises(CalendarError, match=r"skole\.toml"):
        SchoolCalendar.from_toml(path)


def test_end_before_start_in_a_file(tmp_path: Path) -> None:
    path = tmp_path / "skole.toml"
    path.write_text(
        'name = "Test"\nschool_year = "2026-2027"\n'
        '[[holidays]]\nname = "Jul"\nstart = 2026-12-21\nend = 2026-12-20\n',
        encoding="utf-8",
    )
    with pytest.raises(CalendarError, match=r"skole\.toml.*before it starts"):
        SchoolCalendar.from_toml(path)
