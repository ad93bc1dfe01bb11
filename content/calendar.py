"""Which days are school days, so that the guide's deadlines ("innen 1 uke") land on days
someone is at school to act on them.

A school's own calendar (holidays, planning days, the odd extra school day) is a TOML file that
the school edits once a year; see docs/school-calendar.md. Norwegian public holidays are never
written by hand: they come from the `holidays` library, for whatever year is asked about.

Precedence, from strongest: an extra school day is a school day even on a Saturday or in a
holiday; otherwise weekends, public holidays, holiday periods and free days are not school days.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Self

import holidays
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

CALENDARS_DIR = Path(__file__).parent / "calendars"
EXAMPLE_CALENDAR = CALENDARS_DIR / "example-nordbyen-2026-2027.toml"

# A school year longer than this without a single school day means a broken calendar file;
# stopping is better than looping for ever.
_MAX_DAYS_WITHOUT_SCHOOL = 400
_SATURDAY = 5


class CalendarError(ValueError):
    """A calendar file that cannot be read or does not make sense, with the file named."""


class _Strict(BaseModel):
    # Unknown keys are typos ("planing_days"), and a typo silently ignored is a wrong deadline.
    model_config = ConfigDict(extra="forbid", frozen=True)


class HolidayPeriod(_Strict):
    name: str = Field(min_length=1)
    start: dt.date
    end: dt.date

    @model_validator(mode="after")
    def _end_not_before_start(self) -> Self:
        if self.end < self.start:
            raise ValueError(
                f"holiday {self.name!r} ends ({self.end}) before it starts ({self.start})"
            )
        return self

    def days(self) -> Iterable[dt.date]:
        day = self.start
        while day <= self.end:
            yield day
            day += dt.timedelta(days=1)


class SingleDay(_Strict):
    date: dt.date
    name: str = ""


class CalendarSpec(_Strict):
    """The content of one calendar file, validated."""

    name: str = Field(min_length=1)
    school_year: str
    holidays: tuple[HolidayPeriod, ...] = ()
    free_days: tuple[SingleDay, ...] = ()
    extra_school_days: tuple[SingleDay, ...] = ()

    @field_validator("school_year")
    @classmethod
    def _two_consecutive_years(cls, value: str) -> str:
        match = re.fullmatch(r"(\d{4})-(\d{4})", value)
        if not match or int(match[2]) != int(match[1]) + 1:
            raise ValueError(f"school_year must look like '2026-2027', not {value!r}")
        return value

    @model_validator(mode="after")
    def _no_day_both_free_and_school(self) -> Self:
        free = {day.date for day in self.free_days}
        clash = sorted(day.date for day in self.extra_school_days if day.date in free)
        if clash:
            raise ValueError(f"days listed both as free and as extra school days: {clash}")
        return self


def _describe(error: ValidationError) -> str:
    """One line per problem, naming where in the file it is ("holidays.2.end")."""
    problems = []
    for problem in error.errors():
        where = ".".join(str(part) for part in problem["loc"]) or "file"
        problems.append(f"{where}: {problem['msg'].removeprefix('Value error, ')}")
    return "; ".join(problems)


class SchoolCalendar:
    """School days for one school: weekends, public holidays and the school's own days off."""

    def __init__(self, spec: CalendarSpec | None = None) -> None:
        self.spec = spec
        periods = spec.holidays if spec else ()
        free = spec.free_days if spec else ()
        extra = spec.extra_school_days if spec else ()
        self._days_off = frozenset(
            [day for period in periods for day in period.days()] + [day.date for day in free]
        )
        self._extra_school_days = frozenset(day.date for day in extra)
        # Years are added on demand when a date is looked up, so any year works.
        self._public_holidays = holidays.Norway(include_sundays=False, language="no")

    @classmethod
    def empty(cls) -> SchoolCalendar:
        """Only weekends and public holidays: for a school that has not given its calendar."""
        return cls(None)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], *, source: str = "calendar") -> SchoolCalendar:
        try:
            return cls(CalendarSpec.model_validate(data))
        except ValidationError as error:
            raise CalendarError(f"{source}: {_describe(error)}") from error

    @classmethod
    def from_toml(cls, path: Path | str) -> SchoolCalendar:
        path = Path(path)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as error:
            raise CalendarError(f"{path}: not valid TOML: {error}") from error
        return cls.from_mapping(data, source=str(path))

    @property
    def name(self) -> str:
        return self.spec.name if self.spec else ""

    @property
    def school_year(self) -> str:
        return self.spec.school_year if self.spec else ""

    def is_school_day(self, day: dt.date) -> bool:
        if day in self._extra_school_days:
            return True
        if day.weekday() >= _SATURDAY or day in self._days_off:
            return False
        return day not in self._public_holidays

    def next_school_day(self, day: dt.date, *, inclusive: bool = True) -> dt.date:
        """The first school day from `day` (or from the day after, when not inclusive)."""
        candidate = day if inclusive else day + dt.timedelta(days=1)
        for _ in range(_MAX_DAYS_WITHOUT_SCHOOL):
            if self.is_school_day(candidate):
                return candidate
            candidate += dt.timedelta(days=1)
        raise CalendarError(f"{self.name or 'calendar'}: no school day within a year after {day}")
