"""Privacy by design in what staff type: national id numbers are refused, health details warned.

The bot stores a pupil's first name and class, never a fødselsnummer or D-nummer, so a typed one
is recognised (with its two check digits, so a phone number or an amount does not trigger) and
refused. Health details belong in the school's case archive (Visma Sikker sak), not in the bot;
a word list in `privacy_words.yaml` spots diagnoses, medication and treatment so the bot can say
so. Plain "syk"/"sjuk" is not on it: illness is an ordinary absence reason.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path
from typing import Any

import yaml

from content.rules.unsafe_environment import normalise

WORDS_FILE = Path(__file__).with_name("privacy_words.yaml")

_CANDIDATE = re.compile(r"(?<![0-9])([0-9]{6})[ \u00a0]?([0-9]{5})(?![0-9])")
_FIRST_WEIGHTS = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_SECOND_WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
# Day +40 is a D-nummer, month +40 an H-nummer, month +80 a synthetic (Tenor) test number.
_DAY_RANGES = (range(1, 32), range(41, 72))
_MONTH_RANGES = (range(1, 13), range(41, 53), range(81, 93))


def check_digit(digits: str, weights: tuple[int, ...]) -> int | None:
    """The mod-11 control digit for `digits`, or None where no digit can be valid (remainder 1)."""
    remainder = sum(int(digit) * weight for digit, weight in zip(digits, weights, strict=True)) % 11
    control = (11 - remainder) % 11
    return None if control == 10 else control


def is_national_id(number: str) -> bool:
    """An 11-digit fødselsnummer or D-nummer with a plausible date and both check digits right."""
    if len(number) != 11 or not number.isascii() or not number.isdigit():
        return False
    day, month = int(number[0:2]), int(number[2:4])
    if not any(day in days for days in _DAY_RANGES):
        return False
    if not any(month in months for months in _MONTH_RANGES):
        return False
    first = check_digit(number[:9], _FIRST_WEIGHTS)
    if first is None or first != int(number[9]):
        return False
    second = check_digit(number[:10], _SECOND_WEIGHTS)
    return second is not None and second == int(number[10])


def national_id_in(text: str) -> bool:
    """True when `text` holds a valid national id, written "DDMMYYNNNNN" or "DDMMYY NNNNN"."""
    folded = unicodedata.normalize("NFKC", text)
    return any(is_national_id(a + b) for a, b in _CANDIDATE.findall(folded))


def _pattern(entry: str) -> str:
    inside = entry.startswith("*")
    parts = []
    for word in entry.strip("*").split():
        parts.append(re.escape(normalise(word)))
    body = " ".join(parts)
    start = r"\w*" if inside else ""
    end = r"\w*" if entry.endswith("*") else r"\b"
    return r"\b" + start + body + end


@functools.cache
def privacy_words() -> dict[str, Any]:
    return yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8"))


@functools.cache
def _health_matcher() -> re.Pattern[str]:
    entries = {entry for words in privacy_words()["health"].values() for entry in words}
    return re.compile("|".join(sorted(_pattern(entry) for entry in entries)))


@functools.cache
def _services_matcher() -> re.Pattern[str]:
    """The guide's own services, unless an assessment or treatment word follows."""
    words = privacy_words()
    details = "|".join(_pattern(entry)[2:] for entry in words["services_detail_after"])
    services = "|".join(sorted(_pattern(entry) for entry in words["services"]))
    return re.compile(rf"(?:{services})(?! (?:\w+ )?(?:{details}))")


def health_details_in(text: str) -> bool:
    """True when `text` names a diagnosis, medication, treatment or mental-health condition.
    The services the guide tells staff to involve (BUP, fysioterapeut, …) are not details."""
    words = _services_matcher().sub(" ", normalise(text))
    return _health_matcher().search(words) is not None
