"""Cell values as the export writes them: dates in Norwegian or ISO form, minutes, text.

Spreadsheet cells arrive as Python values (calamine gives dates, datetimes and floats), text
files as strings. Two-digit years are 20yy: dates before 2000 are out of range anyway.
"""

from __future__ import annotations

import functools
import re
from datetime import date, datetime, timedelta

# Excel's day 0 (it counts 1900 as a leap year, so serials from March 1900 on start here).
_EXCEL_EPOCH = date(1899, 12, 30)
_EXCEL_SERIALS = range(1, 2958466)  # up to 9999-12-31
# An optional weekday word first («ma 2.12.26», «Mandag 02.12.2026»), an optional time after.
_LEAD = r"^(?:[^\W\d_]{2,}\.?,?\s+)?"
_TAIL = r"(?:[ T,]\s*\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:\.\d+)?)?)?\s*$"
_ISO = re.compile(_LEAD + r"(\d{4})-(\d{1,2})-(\d{1,2})" + _TAIL)
_NORWEGIAN = re.compile(_LEAD + r"(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})" + _TAIL)
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")
_NUMBER = re.compile(r"^\d+(?:[.,]\d+)?$")


def text(cell: object) -> str:
    """A cell as trimmed text; a whole-number float (calamine's 45.0) without its «.0»."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def parse_date(cell: object) -> date | None:
    """A date from a date cell, an Excel serial number, or text; None when it is no date."""
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        serial = int(cell)
        return _EXCEL_EPOCH + timedelta(days=serial) if serial in _EXCEL_SERIALS else None
    if isinstance(cell, str):
        return _date_from_text(cell.strip())
    return None


@functools.lru_cache(maxsize=8192)
def _date_from_text(value: str) -> date | None:
    try:
        if match := _ISO.match(value):
            return date(int(match[1]), int(match[2]), int(match[3]))
        if match := _NORWEGIAN.match(value):
            year = int(match[4])
            return date(year + 2000 if year < 100 else year, int(match[3]), int(match[1]))
    except ValueError:  # 31.02.2026
        return None
    return None


def parse_minutes(cell: object) -> int | None:
    """Minutes from a number, «45», «45 min», «1,5» (rounded) or a clock span «0:45»."""
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return max(round(cell), 0)
    if isinstance(cell, timedelta):
        return int(cell.total_seconds() // 60)
    value = text(cell).lower()
    for unit in ("minutter", "minutes", "min"):
        value = value.removesuffix(unit)
    value = value.strip(" .")
    if match := _CLOCK.match(value):
        return int(match[1]) * 60 + int(match[2])
    if _NUMBER.match(value):
        return round(float(value.replace(",", ".")))
    return None
