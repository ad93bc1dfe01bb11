"""Answers to the bot's questions, as teachers type them: yes/no, dates, levels, free text.

Pure functions; bokmål, nynorsk and a little English, with or without æøå.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, time, timedelta

from babel.dates import get_month_names

from content.nlu.normalize import fold

YES = frozenset({"ja", "jo", "j", "jepp", "ok", "okei", "yes", "y", "stemmer", "riktig", "sant"})
NO = frozenset({"nei", "n", "no", "nope", "ikke", "ikkje", "feil"})
TODAY = frozenset({"i dag", "idag", "today", "no", "nå", "na"})
YESTERDAY = frozenset({"i gar", "igar", "i gaar", "igaar", "yesterday"})
DAY_BEFORE_YESTERDAY = frozenset({"i forgars", "i forgaars", "iforgars"})
WEEKDAYS = {
    "mandag": 0,
    "manday": 0,
    "tirsdag": 1,
    "tysdag": 1,
    "onsdag": 2,
    "torsdag": 3,
    "fredag": 4,
    "lordag": 5,
    "laurdag": 5,
    "sondag": 6,
    "sundag": 6,
}
NUMERIC_DATE = re.compile(r"^(\d{1,2})[./-](\d{1,2})(?:[./-](\d{2}|\d{4}))?\.?$")
ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
WRITTEN_DATE = re.compile(r"^(\d{1,2})\.?\s+([a-z]+)(?:\s+(\d{4}))?$")
PUNCTUATION = str.maketrans({mark: " " for mark in "!.,;:?"})
MONTHS = {fold(str(name)): number for number, name in get_month_names("wide", locale="nb").items()}
MONTHS.update({fold(str(name)): n for n, name in get_month_names("wide", locale="nn").items()})


def _words(text: str) -> str:
    return " ".join(fold(text).translate(PUNCTUATION).split())


def choose(text: str, phrases: Mapping[str, Iterable[str]]) -> str | None:
    """The first choice (in the mapping's order) one of whose phrases is in `text`: every word
    of a phrase among the answer's words, folded (æøå or not, any case). "ja, delvis" is
    "partly" when "partly" is listed before "improved"."""
    words = set(_letters(text).split())
    for choice, candidates in phrases.items():
        if any(set(_letters(phrase).split()) <= words for phrase in candidates):
            return choice
    return None


_PLAIN_LETTERS = str.maketrans({"æ": "a", "ø": "o", "å": "a", **{m: " " for m in "!.,;:?«»\"'"}})


def _letters(text: str) -> str:
    """Lower case with æøå as a/o/a, punctuation gone; unlike `fold`, "oe" and "aa" stay two
    letters, so a word such as "noe" is not read as "no"."""
    return text.lower().translate(_PLAIN_LETTERS)


def yes_no(text: str) -> bool | None:
    words = _words(text).split()
    if not words:
        return None
    if words[0] in YES:
        return True
    if words[0] in NO:
        return False
    return None


def past_date(text: str, today: date) -> date | None:
    """A date on or before today: "i dag", "i går", "tirsdag", "24.11", "24. november"."""
    folded = _words(text) if not NUMERIC_DATE.match(text.strip()) else text.strip()
    if folded in TODAY:
        return today
    if folded in YESTERDAY:
        return today - timedelta(days=1)
    if folded in DAY_BEFORE_YESTERDAY:
        return today - timedelta(days=2)
    if folded in WEEKDAYS:
        return today - timedelta(days=(today.weekday() - WEEKDAYS[folded]) % 7)
    return _calendar_date(text.strip(), today)


def _calendar_date(text: str, today: date) -> date | None:
    day = month = year = None
    if match := ISO_DATE.match(text):
        year, month, day = (int(part) for part in match.groups())
    elif match := NUMERIC_DATE.match(text):
        day, month = int(match.group(1)), int(match.group(2))
        year = _year(match.group(3))
    elif match := WRITTEN_DATE.match(_words(text)):
        day, month = int(match.group(1)), MONTHS.get(match.group(2))
        year = _year(match.group(3))
    if day is None or month is None:
        return None
    try:
        found = date(year or today.year, month, day)
    except ValueError:
        return None
    if year is None and found > today:
        found = found.replace(year=today.year - 1)  # "30.12" typed in January
    return found


def _year(text: str | None) -> int | None:
    if not text:
        return None
    value = int(text)
    return value + 2000 if value < 100 else value


def level(text: str) -> int | None:
    match = re.search(r"\b([0-3])\b", text)
    return int(match.group(1)) if match else None


TOMORROW = frozenset({"i morgen", "imorgen", "i morgon", "imorgon", "tomorrow"})
_CLOCK = re.compile(r"(?:\b(?:kl|klokka|klokken|at)\s*)(\d{1,2})(?:[:.](\d{2}))?$")
_BARE_CLOCK = re.compile(r"(?:^|\s)(\d{1,2})[:.](\d{2})$")
_WEEKDAY_FIRST = re.compile(r"^([a-zæøå]+dag)\s+(.+)$")


def future_date(text: str, today: date) -> date | None:
    """A date from today on: "i dag", "i morgen", "torsdag", "10.12", "10. desember 2026",
    "torsdag 10. desember", "2026-12-10". A date without a year that has passed is next year's."""
    raw = text.strip().rstrip(".,")
    words = _words(raw)
    if words in TODAY:
        return today
    if words in TOMORROW:
        return today + timedelta(days=1)
    if words in WEEKDAYS:
        return today + timedelta(days=(WEEKDAYS[words] - today.weekday()) % 7)
    if (named := _WEEKDAY_FIRST.match(raw.lower())) and fold(named.group(1)) in WEEKDAYS:
        raw = named.group(2)
    found = _calendar_date(raw, date(today.year, 12, 31))
    if found is None:
        return None
    if found < today and not re.search(r"\d{4}", raw) and not NUMERIC_DATE_WITH_YEAR.match(raw):
        found = found.replace(year=found.year + 1)
    return found


NUMERIC_DATE_WITH_YEAR = re.compile(r"^\d{1,2}[./-]\d{1,2}[./-]\d{2}$")


def moment(text: str, today: date) -> tuple[date, time] | None:
    """A day and a clock time, as a meeting is set: "torsdag 10. desember kl. 14",
    "10.12 kl 14.30", "10.12.2026 14:00", "i morgen kl 9"."""
    cleaned = " ".join(text.strip().rstrip(".").replace(",", " ").split())
    lowered = cleaned.lower().replace("kl.", "kl ")
    lowered = " ".join(lowered.split())
    match = _CLOCK.search(lowered) or _BARE_CLOCK.search(lowered)
    if match is None:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    day = future_date(lowered[: match.start()].strip(), today)
    return None if day is None else (day, time(hour, minute))
