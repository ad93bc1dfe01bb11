"""Answers to the bot's questions, as teachers type them: yes/no, dates, levels, free text.

Pure functions; bokmål, nynorsk and a little English, with or without æøå.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, timedelta

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
