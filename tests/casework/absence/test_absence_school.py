"""The leaders' views: who meets a criterion, and the årshjul's January overview."""

from __future__ import annotations

from datetime import date

from absence_exports import CALENDAR, DAY, LISE, SCHOOL, SEMICOLON, SICK, Row

from casework.absence import (
    AbsenceExport,
    AbsenceSummary,
    first_term,
    first_term_overview,
    meeting_criteria,
    read_upload,
    summarise_export,
)
from content.calendar import SchoolCalendar

TODAY = date(2027, 1, 11)


def _export(rows: list[Row]) -> AbsenceExport:
    export = read_upload(SEMICOLON.write(rows), "skolen.csv", today=TODAY)
    assert isinstance(export, AbsenceExport)
    return export


def test_only_pupils_meeting_a_criterion() -> None:
    summary = summarise_export(_export(SCHOOL + LISE), CALENDAR)
    assert isinstance(summary, AbsenceSummary)
    assert [p.name for p in meeting_criteria(summary).pupils] == ["Ola Nordmann", "Lise Berg"]


def test_first_term_comes_from_the_calendar_or_else_from_the_file() -> None:
    export = _export(SCHOOL + LISE)
    assert first_term(CALENDAR, export) == (date(2026, 8, 1), date(2026, 12, 31))
    # No school year given: the file's last day (16 November 2026) is in 2026-2027.
    assert first_term(SchoolCalendar.empty(), export) == (date(2026, 8, 1), date(2026, 12, 31))
    spring = _export([*LISE, Row("lise", "7A", date(2027, 2, 1), "", DAY, None, None, SICK)])
    assert first_term(SchoolCalendar.empty(), spring) == (date(2026, 8, 1), date(2026, 12, 31))


def test_the_january_overview_lists_ten_days_or_more_with_the_cause() -> None:
    overview = first_term_overview(_export(SCHOOL + LISE), CALENDAR)
    assert [(p.name, p.absence_days, p.reasons) for p in overview.pupils] == [
        ("Lise Berg", 10, {"sickness": 10})
    ]
    nine = first_term_overview(_export(SCHOOL + LISE), CALENDAR, at_least=9)
    assert [p.name for p in nine.pupils] == ["Ola Nordmann", "Lise Berg"]
