"""One pupil's absence pattern over a period: the facts step 1 of the phone call (2.4) asks for.

Every figure and rule is in docs/absence-import.md; the short version:
- A day is an absence day when it holds a whole-day registration that is not leave; otherwise a
  leave day when it holds a whole day of leave; otherwise a part day when it holds a lesson
  that is not leave. Late arrivals and leaving early count on their own, not as part days.
- Each absence or part day is documented, undocumented (any of its registrations says so), or
  unknown: a blank documented column is unknown, not undocumented.
- Two absence days are in one run when no school day lies between them, so Friday and the next
  Monday are a run of two, and so are the days either side of a holiday.
- A weekday stands out among the single days (or among all absence days) when there are at
  least 4 of them and that weekday holds at least 3 and at least half.
- The criteria (1.3): five or more absence days (Visma's alert), any undocumented day, more than
  three late arrivals in one calendar month, and any leaving early.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from casework.absence.records import Registration
from casework.absence.school_days import SchoolDays
from casework.absence.words import LEAVE_REASONS, Kind, Reason
from content.rules.criteria import ALERT_AFTER_DAYS, LATE_ARRIVALS_OVER, AbsenceFacts, CriterionId

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
STANDOUT_AMONG_AT_LEAST = 4
STANDOUT_DAYS_AT_LEAST = 3
# The guide's order (1.3); the OBS examples need a person's judgement, not a file.
CRITERIA_ORDER: tuple[CriterionId, ...] = (
    CriterionId.VISMA_ALERT,
    CriterionId.UNDOCUMENTED,
    CriterionId.LATE_ARRIVALS,
    CriterionId.LEAVES_CLASS,
)


Among = Literal["single_days", "absence_days"]


@dataclass(frozen=True)
class Run:
    start: date
    end: date
    days: int


@dataclass(frozen=True)
class Standout:
    """«4 of 6 single days are Mondays»: `days` of `among` fall on `weekday`."""

    weekday: str
    days: int
    of: int
    among: Among


@dataclass(frozen=True)
class AbsencePicture:
    name: str
    group: str | None
    absence_days: int
    part_days: int
    documented_days: int
    undocumented_days: int
    unknown_documentation_days: int
    leave_days: int
    leave_lessons: int
    lessons_missed: int
    minutes_missed: int | None
    share_of_school_days: float
    longest_run: int
    single_days: int
    runs: tuple[Run, ...]
    weekdays: dict[str, int]
    standout_weekdays: tuple[Standout, ...]
    late_by_month: dict[str, int]
    late_months_over_three: tuple[str, ...]
    left_early: int
    reasons: dict[str, int]
    criteria: tuple[CriterionId, ...]

    def facts(self) -> AbsenceFacts:
        """What the report dialog asks, as far as the file tells; None where it cannot."""
        known = self.documented_days + self.undocumented_days
        documented = None
        if self.undocumented_days:
            documented = False
        elif known and not self.unknown_documentation_days:
            documented = True
        late = max(self.late_by_month.values(), default=0)
        return AbsenceFacts(
            days_absent=self.absence_days,
            consecutive_days=self.longest_run,
            documented=documented,
            late_count=late,
            late_period="month" if late else None,
            # No registration of leaving early does not prove the pupil never left: ask.
            leaves_class=True if self.left_early else None,
        )


@dataclass
class _Tally:
    absence: list[date]
    part: list[date]
    documentation: Counter[bool | None]
    late: Counter[str]
    reasons: Counter[str]
    leave_days: int = 0
    leave_lessons: int = 0
    lessons: int = 0
    left_early: int = 0
    minutes: int = 0


def _day_documented(registrations: Iterable[Registration]) -> bool | None:
    said = {registration.documented for registration in registrations}
    if False in said:
        return False
    return True if said == {True} else None


def _day_reason(whole: Sequence[Registration]) -> str:
    known = Counter(r.reason for r in whole if r.reason is not Reason.UNKNOWN)
    return (known.most_common(1)[0][0] if known else Reason.UNKNOWN).value


def _count_registrations(tally: _Tally, registrations: Iterable[Registration]) -> None:
    for registration in registrations:
        if registration.reason in LEAVE_REASONS:
            tally.leave_lessons += registration.kind is not Kind.DAY
            continue
        tally.minutes += registration.minutes or 0
        if registration.kind is Kind.LESSON:
            tally.lessons += 1
        elif registration.kind is Kind.LATE:
            tally.late[registration.day.strftime("%Y-%m")] += 1
        elif registration.kind is Kind.LEFT_EARLY:
            tally.left_early += 1


def _tally(by_day: dict[date, list[Registration]]) -> _Tally:
    tally = _Tally([], [], Counter(), Counter(), Counter())
    for day, registrations in sorted(by_day.items()):
        _count_registrations(tally, registrations)
        worrying = [r for r in registrations if r.reason not in LEAVE_REASONS]
        whole = [r for r in worrying if r.kind is Kind.DAY]
        lessons = [r for r in worrying if r.kind is Kind.LESSON]
        if whole:
            tally.absence.append(day)
            tally.reasons[_day_reason(whole)] += 1
        elif any(r.kind is Kind.DAY for r in registrations):
            tally.leave_days += 1
            continue
        elif lessons:
            tally.part.append(day)
        else:
            continue
        tally.documentation[_day_documented(whole + lessons)] += 1
    return tally


def runs_of(days: Sequence[date], school: SchoolDays) -> list[Run]:
    """Sorted absence days cut into runs: a school day between two days ends a run."""
    runs: list[Run] = []
    for day in days:
        last = runs[-1] if runs else None
        if last is not None and school.between(last.end, day) == 0:
            runs[-1] = Run(last.start, day, last.days + 1)
        else:
            runs.append(Run(day, day, 1))
    return runs


def standouts(days: Iterable[date], among: Among) -> list[Standout]:
    counts = Counter(WEEKDAYS[day.weekday()] for day in days)
    total = counts.total()
    if total < STANDOUT_AMONG_AT_LEAST:
        return []
    return [
        Standout(weekday, n, total, among)
        for weekday, n in counts.most_common()
        if n >= STANDOUT_DAYS_AT_LEAST and 2 * n >= total
    ]


def _criteria(tally: _Tally, undocumented_days: int) -> tuple[CriterionId, ...]:
    held: list[CriterionId] = []
    if len(tally.absence) >= ALERT_AFTER_DAYS:
        held.append(CriterionId.VISMA_ALERT)
    if undocumented_days:
        held.append(CriterionId.UNDOCUMENTED)
    if any(n > LATE_ARRIVALS_OVER for n in tally.late.values()):
        held.append(CriterionId.LATE_ARRIVALS)
    if tally.left_early:
        held.append(CriterionId.LEAVES_CLASS)
    return tuple(held)


def picture(
    name: str,
    group: str | None,
    registrations: Iterable[Registration],
    school: SchoolDays,
    *,
    has_minutes: bool,
) -> AbsencePicture:
    """The pattern of one pupil's registrations, all of them inside the period of `school`."""
    by_day: dict[date, list[Registration]] = {}
    for registration in registrations:
        by_day.setdefault(registration.day, []).append(registration)
    tally = _tally(by_day)
    runs = runs_of(tally.absence, school)
    singles = [run.start for run in runs if run.days == 1]
    weekdays = dict.fromkeys(WEEKDAYS[:5], 0) | Counter(
        WEEKDAYS[d.weekday()] for d in tally.absence
    )
    undocumented = tally.documentation[False]
    return AbsencePicture(
        name=name,
        group=group,
        absence_days=len(tally.absence),
        part_days=len(tally.part),
        documented_days=tally.documentation[True],
        undocumented_days=undocumented,
        unknown_documentation_days=tally.documentation[None],
        leave_days=tally.leave_days,
        leave_lessons=tally.leave_lessons,
        lessons_missed=tally.lessons,
        minutes_missed=tally.minutes if has_minutes else None,
        share_of_school_days=school.share(len(tally.absence)),
        longest_run=max((run.days for run in runs), default=0),
        single_days=len(singles),
        runs=tuple(run for run in runs if run.days > 1),
        weekdays=weekdays,
        standout_weekdays=(
            *standouts(singles, "single_days"),
            *standouts(tally.absence, "absence_days"),
        ),
        late_by_month=dict(sorted(tally.late.items())),
        late_months_over_three=tuple(
            m for m, n in sorted(tally.late.items()) if n > LATE_ARRIVALS_OVER
        ),
        left_early=tally.left_early,
        reasons=dict(tally.reasons.most_common()),
        criteria=_criteria(tally, undocumented),
    )
