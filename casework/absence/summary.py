"""The picture of every pupil chosen, for one period, and its JSON (docs/absence-import.md).

The period is the one asked for, or else the span of the whole file's registrations (the
export's own period, as near as the file tells it). A pupil is chosen by name, in any word
order and case; a name found in two classes is refused unless the class is given too.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import date

from casework.absence.picture import CRITERIA_ORDER, AbsencePicture, picture
from casework.absence.problems import AbsenceImportError, ErrorCode, ImportProblem, NoticeCode
from casework.absence.records import AbsenceExport, Registration, pupil_key
from casework.absence.school_days import SchoolDays
from casework.absence.words import compact
from content.calendar import SchoolCalendar
from content.i18n import Translator
from content.loader import guide
from content.rules.criteria import CriterionId

_LISTED_KEYS = (
    "name", "group", "absence_days", "part_days", "documented_days", "undocumented_days",
    "leave_days", "longest_run", "single_days", "weekdays", "late_by_month", "left_early",
    "criteria",
)  # fmt: skip


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    school_days: int

    def to_json(self) -> dict[str, object]:
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "school_days": self.school_days,
        }


def criterion_quote(criterion: CriterionId) -> str:
    """The guide's own words for a criterion (1.3), to quote beside the figures."""
    return guide().ladder.criterion(criterion).quote


def picture_json(pupil: AbsencePicture) -> dict[str, object]:
    """The issue's keys first, in its order, then the extra figures."""
    data = asdict(pupil)
    data["criteria"] = list(pupil.criteria)
    for run in data["runs"]:
        run["start"], run["end"] = run["start"].isoformat(), run["end"].isoformat()
    listed = {key: data.pop(key) for key in _LISTED_KEYS}
    return listed | data


@dataclass(frozen=True)
class AbsenceSummary:
    period: Period
    pupils: tuple[AbsencePicture, ...]
    notices: tuple[ImportProblem, ...]

    def criteria(self) -> tuple[CriterionId, ...]:
        """Every criterion some chosen pupil meets, in the guide's order."""
        held = {criterion for pupil in self.pupils for criterion in pupil.criteria}
        return tuple(criterion for criterion in CRITERIA_ORDER if criterion in held)

    def to_json(self, translate: Translator | None = None) -> dict[str, object]:
        return {
            "period": self.period.to_json(),
            "pupils": [picture_json(pupil) for pupil in self.pupils],
            "criteria_quotes": {c: criterion_quote(c) for c in self.criteria()},
            "notices": [notice.to_json(translate) for notice in self.notices],
        }


def _chosen(
    export: AbsenceExport, pupil: str | None, group: str | None
) -> set[tuple[str, str]] | None:
    """The (pupil, group) keys asked for; None for everyone."""
    if pupil is None and group is None:
        return None
    present = {(r.pupil_key, r.group_key) for r in export.registrations}
    wanted_group = compact(group) if group is not None else None
    keys = {
        (p, g)
        for p, g in present
        if (pupil is None or p == pupil_key(pupil)) and wanted_group in (None, g)
    }
    if not keys and pupil is None:
        raise AbsenceImportError(ErrorCode.GROUP_NOT_FOUND, group=group or "")
    if not keys:
        raise AbsenceImportError(ErrorCode.PUPIL_NOT_FOUND, pupil=pupil or "")
    if pupil is not None and len(keys) > 1:
        groups = tuple(sorted(export.groups[g] for _, g in keys))
        raise AbsenceImportError(ErrorCode.PUPIL_IN_TWO_GROUPS, pupil=pupil, groups=groups)
    return keys


def _concerns(notice: ImportProblem, chosen: set[tuple[str, str]] | None) -> bool:
    """A notice about one pupil is shown only when that pupil is shown."""
    if chosen is None or notice.code is not NoticeCode.PUPIL_IN_TWO_GROUPS:
        return True
    return any(p == pupil_key(str(notice.values["pupil"])) for p, _ in chosen)


def summarise(
    export: AbsenceExport,
    calendar: SchoolCalendar,
    *,
    start: date | None = None,
    end: date | None = None,
    pupil: str | None = None,
    group: str | None = None,
) -> AbsenceSummary:
    """Each chosen pupil's picture for the period; raises AbsenceImportError when refused."""
    start = start or export.first_day
    end = end or export.last_day
    if end < start:
        raise AbsenceImportError(ErrorCode.BAD_PERIOD, start=start, end=end)
    chosen = _chosen(export, pupil, group)
    school = SchoolDays(calendar, start, end)
    by_pupil: defaultdict[tuple[str, str], list[Registration]] = defaultdict(list)
    for key in chosen or ():
        by_pupil[key] = []  # asked for by name: shown even with nothing in the period
    off_school_days = 0
    for registration in export.registrations:
        key = (registration.pupil_key, registration.group_key)
        if not start <= registration.day <= end or (chosen is not None and key not in chosen):
            continue
        by_pupil[key].append(registration)
        off_school_days += not school.is_school_day(registration.day)
    pictures = [
        picture(
            export.names[p],
            export.groups[g] or None,
            registrations,
            school,
            has_minutes=export.has_minutes,
        )
        for (p, g), registrations in by_pupil.items()
    ]
    pictures.sort(key=lambda x: ((x.group or "").casefold(), x.name.casefold()))
    notices = [notice for notice in export.notices if _concerns(notice, chosen)]
    if off_school_days:
        notices.append(ImportProblem(NoticeCode.NOT_SCHOOL_DAYS, {"count": off_school_days}))
    return AbsenceSummary(Period(start, end, school.count), tuple(pictures), tuple(notices))
