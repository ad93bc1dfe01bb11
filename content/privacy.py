"""Privacy by design in what staff type: national id numbers are refused, health details warned.

The bot stores a pupil's first name and class, never a fødselsnummer or D-nummer, so a typed one
is recognised (with its two check digits, so a phone number or an amount does not trigger) and
refused. Health details belong in the school's case archive (Visma Sikker sak), not in the bot;
a word list in `privacy_words.yaml` spots diagnoses, medication and treatment so the bot can say
so. Plain "syk"/"sjuk" is not on it: illness is an ordinary absence reason.

The readable export for an access request is rendered here, from the plain dict storage exports,
so that storage stays free of Norwegian labels.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from babel.dates import format_date, format_datetime

from content.render import fill
from content.rules.unsafe_environment import normalise

WORDS_FILE = Path(__file__).with_name("privacy_words.yaml")

_CANDIDATE = re.compile(r"(?<![0-9])([0-9]{6})[ \u00a0]?([0-9]{5})(?![0-9])")
_FIRST_WEIGHTS = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_SECOND_WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
# Day +40 is a D-nummer, month +40 an H-nummer, month +80 a synthetic (Tenor) test number.
_DAY_RANGES = (range(1, 32), range(41, 72))
_MONTH_RANGES = (range(1, 13), range(41, 53), range(81, 93))
_BABEL_LOCALES = {"nb": "nb_NO", "nn": "nn_NO"}


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
def _words() -> dict[str, Any]:
    return yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8"))


@functools.cache
def _health_matcher() -> re.Pattern[str]:
    entries = {entry for words in _words()["health"].values() for entry in words}
    return re.compile("|".join(sorted(_pattern(entry) for entry in entries)))


def health_details_in(text: str) -> bool:
    """True when `text` names a diagnosis, medication, treatment or mental-health condition."""
    return _health_matcher().search(normalise(text)) is not None


class _Writer:
    """Formats one export in one language; values from storage are ISO strings and enums."""

    def __init__(self, language: str, timezone: str) -> None:
        self.labels: dict[str, Any] = _words()["export_labels"][language]
        self.locale = _BABEL_LOCALES[language]
        self.zone = ZoneInfo(timezone)
        self.lines: list[str] = []

    def value(self, raw: Any) -> str:
        if raw is None or raw == [] or raw == "":
            return self.labels["empty"]
        if isinstance(raw, bool):
            return self.labels["yes" if raw else "no"]
        if isinstance(raw, list):
            return ", ".join(self.value(item) for item in raw)
        text = str(raw)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return format_date(date.fromisoformat(text), "d. MMMM y", locale=self.locale)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}T.*", text):
            moment = datetime.fromisoformat(text).astimezone(self.zone)
            return format_datetime(moment, "d. MMMM y HH:mm", locale=self.locale)
        return self.labels["values"].get(text, text)

    def fields(self, row: dict[str, Any], names: tuple[str, ...], indent: str) -> None:
        for name in names:
            if name in row:
                self.lines.append(f"{indent}{self.labels[name]}: {self.value(row[name])}")

    def section(self, key: str, rows: list[dict[str, Any]], names: tuple[str, ...]) -> None:
        self.lines.append(f"  {self.labels[key]}:")
        if not rows:
            self.lines.append(f"    {self.labels['empty']}")
        for row in rows:
            self.lines.append("    -")
            self.fields(row, names, "      ")
            goals = row.get("goals", []) if key == "agreements" else []
            if goals:
                self.lines.append(f"      {self.labels['goals']}:")
            for goal in goals:
                self.lines.append("        -")
                self.fields(goal, ("goal", "responsible", "measure", "evaluate_on"), "          ")


_LOG_FIELDS = (
    "kind",
    "contact_date",
    "reason",
    "guardians_view",
    "next_steps",
    "level",
    "author",
)


def export_as_text(
    export: dict[str, Any], *, language: str = "nb", timezone: str = "Europe/Oslo"
) -> str:
    """The export from `storage.retention.export_pupil_records` as text a guardian can read."""
    writer = _Writer(language if language in _BABEL_LOCALES else "nb", timezone)
    labels = writer.labels
    values = {"pupil": export["pupil_name"], "group": export["group_name"]}
    writer.lines.append(fill(labels["title"], values))
    if not export["cases"]:
        writer.lines += ["", labels["none"]]
    for case in export["cases"]:
        writer.lines += ["", fill(labels["case"], {"id": case["id"]})]
        owner = {**case, "owner": case.get("owner_name")}
        writer.fields(owner, ("status", "level", "owner", "opened_at", "closed_at"), "  ")
        writer.fields(case, ("criteria", "unsafe_environment"), "  ")
        names = [member["display_name"] for member in case["members"]]
        writer.lines.append(f"  {labels['members']}: {writer.value(names)}")
        writer.section("log_entries", case["log_entries"], _LOG_FIELDS)
        writer.section("deadlines", case["deadlines"], ("kind", "due_at", "status"))
        writer.section("measures", case["measures"], ("description", "responsible", "evaluate_on"))
        writer.section("agreements", case["agreements"], ("status", "main_goal"))
    return "\n".join(writer.lines) + "\n"
