"""Every figure of the picture against values worked out by hand from absence_exports.py.

The period is 1 September – 30 October 2026 in the test calendar: September has 22 weekdays
less the autumn holiday's 28–30 (19), October 22 less the holiday's 1–2 (20): 39 school days.

Ola (5B), by hand:
- absence days (whole, not leave): 7.9, 14.9, 25.9, 5.10, 12.10, 19.10, 21.–23.10 = 9
- runs: 25.9 + 5.10 (only the holiday and weekends between) = 2; 21.–23.10 = 3; singles
  7.9, 14.9, 12.10, 19.10 (all Mondays) = 4; 4 + 2 + 3 = 9
- weekdays: Mon 7.9, 14.9, 5.10, 12.10, 19.10 = 5; Wed 21.10; Thu 22.10; Fri 25.9, 23.10 = 2
- part days: 9.9 (one lesson), 10.9 (two lessons); 12.10's lesson is on an absence day
- documented: 7.9 (ja), 25.9 (ja), 21.–23.10 (egenmelding), 10.9 (ja) = 6; undocumented:
  14.9 (code), 19.10 (nei), 9.9 (nei) = 3; unknown: 5.10, 12.10 = 2; 6 + 3 + 2 = 9 + 2
- leave days: 27.10 permission, 28.10 travel = 2; leave lessons: 15.9 lesson, 8.10 late = 2
- lessons missed: 9.9 (1) + 10.9 (2) + 12.10 (1) = 4
- minutes: lessons 45 + 90 + 45, late 4 × 10 + 2 × 5, left early 60 = 290 (leave not counted)
- late: 2026-09: 2., 3., 4., 8. = 4 (> 3: flagged); 2026-10: 6., 7. = 2 (8.10 is leave)
- share: 9 / 39 = 0.231; reasons: sickness 7 (7.9, 25.9, 5.10, 19.10, 21.–23.10),
  undocumented 1 (14.9), other 1 (12.10)
- criteria: 9 ≥ 5 days, undocumented days, 4 late in September, left early once: all four
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from absence_exports import CALENDAR, LAYOUTS, SCHOOL, SEMICOLON, Layout

from casework.absence import (
    AbsencePicture,
    AbsenceSummary,
    ImportProblem,
    NoticeCode,
    Run,
    Standout,
    read_upload,
    summarise_export,
)
from content.rules.criteria import alert_fired, assess

TODAY = date(2026, 12, 2)
START, END = date(2026, 9, 1), date(2026, 10, 30)

OLA = AbsencePicture(
    name="Ola Nordmann",
    group="5B",
    absence_days=9,
    part_days=2,
    documented_days=6,
    undocumented_days=3,
    unknown_documentation_days=2,
    leave_days=2,
    leave_lessons=2,
    lessons_missed=4,
    minutes_missed=290,
    share_of_school_days=0.231,
    longest_run=3,
    single_days=4,
    runs=(
        Run(date(2026, 9, 25), date(2026, 10, 5), 2),
        Run(date(2026, 10, 21), date(2026, 10, 23), 3),
    ),
    weekdays={"mon": 5, "tue": 0, "wed": 1, "thu": 1, "fri": 2},
    standout_weekdays=(Standout("mon", 4, 4, "single_days"), Standout("mon", 5, 9, "absence_days")),
    late_by_month={"2026-09": 4, "2026-10": 2},
    late_months_over_three=("2026-09",),
    left_early=1,
    reasons={"sickness": 7, "undocumented": 1, "other": 1},
    criteria=("visma_alert", "undocumented", "late_arrivals", "leaves_class"),
)
KARI = AbsencePicture(
    name="Kari Hansen",
    group="5A",
    absence_days=2,
    part_days=0,
    documented_days=2,
    undocumented_days=0,
    unknown_documentation_days=0,
    leave_days=0,
    leave_lessons=0,
    lessons_missed=0,
    minutes_missed=5,
    share_of_school_days=0.051,  # 2 / 39
    longest_run=2,
    single_days=0,
    runs=(Run(date(2026, 9, 8), date(2026, 9, 9), 2),),
    weekdays={"mon": 0, "tue": 1, "wed": 1, "thu": 0, "fri": 0},
    standout_weekdays=(),
    late_by_month={"2026-10": 1},
    late_months_over_three=(),
    left_early=0,
    reasons={"sickness": 2},
    criteria=(),
)


def _per(group: str, day: date, weekday: str) -> AbsencePicture:
    weekdays = dict.fromkeys(("mon", "tue", "wed", "thu", "fri"), 0) | {weekday: 1}
    return replace(
        KARI,
        name="Per Olsen",
        group=group,
        absence_days=1,
        documented_days=0,
        unknown_documentation_days=1,
        minutes_missed=0,
        share_of_school_days=0.026,  # 1 / 39
        longest_run=1,
        single_days=1,
        runs=(),
        weekdays=weekdays,
        late_by_month={},
        reasons={"sickness": 1},
    )


def _summary(layout: Layout, **choice: object) -> AbsenceSummary:
    export = read_upload(layout.write(SCHOOL), f"export.{layout.kind}", today=TODAY)
    assert not isinstance(export, ImportProblem), export
    summary = summarise_export(export, CALENDAR, start=START, end=END, **choice)  # type: ignore[arg-type]
    assert isinstance(summary, AbsenceSummary), summary
    return summary


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda layout: layout.id)
def test_every_figure_of_one_pupil_in_every_layout(layout: Layout) -> None:
    summary = _summary(layout, pupil="Ola Nordmann")
    assert (summary.period.start, summary.period.end, summary.period.school_days) == (
        START,
        END,
        39,
    )
    assert summary.pupils == (replace(OLA, name=layout.names["ola"]),)


def test_every_pupil_of_a_school_file() -> None:
    summary = _summary(SEMICOLON)
    assert summary.pupils == (
        KARI,
        OLA,
        _per("6A", date(2026, 9, 21), "mon"),
        _per("6B", date(2026, 10, 26), "mon"),
    )
    notices = [(n.code, dict(n.values)) for n in summary.notices]
    assert notices == [
        (NoticeCode.PUPIL_IN_TWO_GROUPS, {"pupil": "Per Olsen", "groups": ("6A", "6B")})
    ]


def test_period_defaults_to_the_span_of_the_file() -> None:
    export = read_upload(SEMICOLON.write(SCHOOL), "export.csv", today=TODAY)
    summary = summarise_export(export, CALENDAR, pupil="ola nordmann")  # type: ignore[arg-type]
    assert isinstance(summary, AbsenceSummary)
    # First row 2.9 (Ola late), last 29.10 (Ola left early): 39 school days less 1.9 and 30.10.
    assert (summary.period.start, summary.period.end) == (date(2026, 9, 2), date(2026, 10, 29))
    assert summary.period.school_days == 37
    assert summary.pupils[0].share_of_school_days == 0.243  # 9 / 37


def test_a_narrower_period_counts_only_its_days() -> None:
    # 5.–23. October: 15 school days; absence 5., 12., 19., 21.–23. = 6 (5.10's run partner
    # 25.9 is outside); late 6. and 7. (8. is leave); nothing undocumented but 19.10.
    export = read_upload(SEMICOLON.write(SCHOOL), "x.csv", today=TODAY)
    assert not isinstance(export, ImportProblem)
    narrow = summarise_export(
        export, CALENDAR, start=date(2026, 10, 5), end=date(2026, 10, 23), pupil="Ola Nordmann"
    )
    assert isinstance(narrow, AbsenceSummary)
    picture = narrow.pupils[0]
    assert narrow.period.school_days == 15
    assert (picture.absence_days, picture.longest_run, picture.single_days) == (6, 3, 3)
    assert (picture.part_days, picture.late_by_month, picture.left_early) == (0, {"2026-10": 2}, 0)
    assert (picture.documented_days, picture.undocumented_days) == (3, 1)
    assert picture.criteria == ("visma_alert", "undocumented")


def test_the_pictures_facts_feed_the_guides_criteria() -> None:
    facts = OLA.facts()
    assert (facts.days_absent, facts.consecutive_days, facts.documented) == (9, 3, False)
    assert (facts.late_count, facts.late_period, facts.leaves_class) == (4, "month", True)
    assessment = assess(facts)
    assert set(assessment.criteria) == {"undocumented", "late_arrivals", "leaves_class"}
    # The alert has fired on the days; whether it was travel is for the teacher to say.
    assert alert_fired(facts) is True and facts.known_travel is None
    kari = KARI.facts()
    assert (kari.documented, kari.late_count, kari.leaves_class) == (True, 1, None)
