"""The agreed date in a log's free text (2.8: «Eventuelle videre tiltak eller dato for nytt møte
eller annen kontakt»): «nærværsmøte fredag kl 12», «nytt møte 8.12», «ringer igjen i morgen»,
«møte 10. desember», «om to uker». Pure; the first future date found wins, None when none is.

A weekday is its next occurrence after today (today's own weekday means next week: an agreement
for today is not a future contact); a date without a year is this year, or next when passed.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from content.nlu.normalize import fold
from content.parse import MONTHS, PUNCTUATION, WEEKDAYS

_NUMBER_WORDS = {"en": 1, "ei": 1, "ein": 1, "ett": 1, "to": 2, "tre": 3, "fire": 4, "fem": 5}
# "8.12" or "8.12.2026", but not a time ("kl 12.30") or a duration ("1.5 timer").
_NUMERIC = re.compile(
    r"(?<!kl )(?<!kl\. )(?<![\d.])(\d{1,2})\.(\d{1,2})(?:\.(\d{2}|\d{4}))?(?![\d])"
    r"(?! ?t(ime|imer|imar)\b)"
)
_WRITTEN = re.compile(r"\b(\d{1,2})\.?\s+([a-zæøå]+)\b")
_IN = re.compile(
    r"\bom (\d+|en|ei|ein|ett|to|tre|fire|fem) (dag|dager|dagar|uke|uker|veke|veker)\b"
)
_TOMORROW = re.compile(r"\b(i morgen|imorgen|i morgon|imorgon)\b")
_NEXT_WEEK = re.compile(r"\b(neste uke|neste veke|neste uka|neste veka)\b")


def _words(text: str) -> str:
    return " ".join(fold(text).translate(PUNCTUATION).split())


def agreed_date(text: str, today: date) -> date | None:
    """The first date after today that `text` names."""
    lowered = text.lower()
    found = [day for day in _candidates(lowered, today) if day > today]
    return found[0] if found else None


def _candidates(text: str, today: date) -> list[date]:
    days: list[date] = []
    for match in _NUMERIC.finditer(text):
        days += _dated(int(match[1]), int(match[2]), match[3], today)
    for match in _WRITTEN.finditer(_words(text)):
        month = MONTHS.get(match[2])
        if month:
            days += _dated(int(match[1]), month, None, today)
    words = _words(text)
    if _TOMORROW.search(words):
        days.append(today + timedelta(days=1))
    if within := _IN.search(words):
        count = int(within[1]) if within[1].isdigit() else _NUMBER_WORDS[within[1]]
        unit = 1 if within[2].startswith("dag") else 7
        days.append(today + timedelta(days=count * unit))
    for word in words.split():
        if word in WEEKDAYS:
            ahead = (WEEKDAYS[word] - today.weekday()) % 7 or 7
            week = 7 if _NEXT_WEEK.search(words) and ahead < 7 - today.weekday() else 0
            days.append(today + timedelta(days=ahead + week))
            break
    return days


def _dated(day: int, month: int, year: str | None, today: date) -> list[date]:
    full = (int(year) + 2000 if len(year) == 2 else int(year)) if year else today.year
    try:
        found = date(full, month, day)
    except ValueError:
        return []
    if year is None and found <= today:
        found = found.replace(year=today.year + 1)
    return [found]
