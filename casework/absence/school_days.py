"""The school days of a period, counted once, so a run or a share needs no calendar lookups."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import accumulate

from content.calendar import SchoolCalendar


class SchoolDays:
    """School days from `start` to `end`, both included, by the school's own calendar."""

    def __init__(self, calendar: SchoolCalendar, start: date, end: date) -> None:
        if end < start:
            raise ValueError(f"period ends ({end}) before it starts ({start})")
        self.start = start
        self.end = end
        days = (start + timedelta(days=n) for n in range((end - start).days + 1))
        flags = [calendar.is_school_day(day) for day in days]
        self._flags = flags
        # _upto[i]: school days from start to start + i - 1.
        self._upto = [0, *accumulate(int(flag) for flag in flags)]

    @property
    def count(self) -> int:
        return self._upto[-1]

    def is_school_day(self, day: date) -> bool:
        return self._flags[(day - self.start).days]

    def between(self, first: date, last: date) -> int:
        """School days strictly between two days of the period."""
        low, high = sorted(((first - self.start).days, (last - self.start).days))
        return max(self._upto[high] - self._upto[low + 1], 0)

    def share(self, days: int) -> float:
        """`days` as a share of the period's school days, three decimals; 0 without any."""
        return round(days / self.count, 3) if self.count else 0.0
