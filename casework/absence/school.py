"""For leaders, from one whole-school export: who meets a criterion, and January's overview.

The årshjul asks in January for "an overview of pupils with 10 days or more at the 1st term,
and the cause". The 1st term is 1 August to 31 December of the school year: the calendar's
`school_year` when the school has given one, otherwise the school year of the file's last
registration (August to July). Days are whole absence days, as Visma's alert counts them; the
cause is each pupil's `reasons`.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from casework.absence.records import AbsenceExport
from casework.absence.summary import AbsenceSummary, summarise
from content.calendar import SchoolCalendar

FIRST_TERM_DAYS_AT_LEAST = 10
_AUTUMN = 8


def meeting_criteria(summary: AbsenceSummary) -> AbsenceSummary:
    """Only the pupils whose figures meet at least one of the guide's criteria."""
    return replace(summary, pupils=tuple(pupil for pupil in summary.pupils if pupil.criteria))


def first_term(calendar: SchoolCalendar, export: AbsenceExport) -> tuple[date, date]:
    if calendar.school_year:
        year = int(calendar.school_year[:4])
    else:
        last = export.last_day
        year = last.year if last.month >= _AUTUMN else last.year - 1
    return date(year, _AUTUMN, 1), date(year, 12, 31)


def first_term_overview(
    export: AbsenceExport,
    calendar: SchoolCalendar,
    *,
    at_least: int = FIRST_TERM_DAYS_AT_LEAST,
) -> AbsenceSummary:
    """The pupils with `at_least` absence days in the 1st term, with their causes."""
    start, end = first_term(calendar, export)
    summary = summarise(export, calendar, start=start, end=end)
    pupils = tuple(pupil for pupil in summary.pupils if pupil.absence_days >= at_least)
    return replace(summary, pupils=pupils)
