"""What must hold for any registrations at all: the picture's figures add up."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

from absence_exports import CALENDAR
from hypothesis import given, settings
from hypothesis import strategies as st

from casework.absence.picture import picture
from casework.absence.records import Registration
from casework.absence.school_days import SchoolDays
from casework.absence.words import Kind, Reason

START, END = date(2026, 8, 17), date(2026, 12, 31)
SCHOOL = SchoolDays(CALENDAR, START, END)

registrations = st.lists(
    st.builds(
        Registration,
        pupil_key=st.just("ola"),
        group_key=st.just("5b"),
        day=st.dates(START, END),
        kind=st.sampled_from(Kind),
        reason=st.sampled_from(Reason),
        documented=st.sampled_from([True, False, None]),
        minutes=st.one_of(st.none(), st.integers(0, 400)),
    ),
    max_size=120,
)


@settings(max_examples=200, deadline=None)
@given(registrations)
def test_the_figures_add_up(found: list[Registration]) -> None:
    pupil = picture("Ola", "5B", found, SCHOOL, has_minutes=True)
    in_runs = sum(run.days for run in pupil.runs)
    assert pupil.single_days + in_runs == pupil.absence_days
    assert sum(pupil.weekdays.values()) == pupil.absence_days
    documentation = pupil.documented_days + pupil.undocumented_days
    assert documentation + pupil.unknown_documentation_days == pupil.absence_days + pupil.part_days
    days = {registration.day for registration in found}
    assert pupil.absence_days + pupil.part_days + pupil.leave_days <= len(days)
    assert pupil.longest_run == max([run.days for run in pupil.runs] + [min(pupil.absence_days, 1)])
    assert ("visma_alert" in pupil.criteria) == (pupil.absence_days >= 5)
    assert ("undocumented" in pupil.criteria) == (pupil.undocumented_days > 0)
    assert ("late_arrivals" in pupil.criteria) == bool(pupil.late_months_over_three)
    assert pupil.share_of_school_days == round(pupil.absence_days / SCHOOL.count, 3)


@settings(max_examples=200, deadline=None)
@given(st.sets(st.dates(START, END), max_size=60))
def test_a_run_is_broken_exactly_by_a_school_day(absent: set[date]) -> None:
    found = [Registration("ola", "5b", d, Kind.DAY, Reason.SICKNESS, True, None) for d in absent]
    pupil = picture("Ola", "5B", found, SCHOOL, has_minutes=False)
    days = sorted(absent)
    # Brute force: walk the calendar day by day between neighbours.
    breaks = sum(
        any(
            CALENDAR.is_school_day(earlier + timedelta(days=n))
            for n in range(1, (later - earlier).days)
        )
        for earlier, later in pairwise(days)
    )
    runs_and_singles = len(pupil.runs) + pupil.single_days
    assert runs_and_singles == (breaks + 1 if days else 0)
