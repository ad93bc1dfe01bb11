"""Entity extractors: pure functions from the normalised message to one entity value or None.

Each works on the folded, typo-corrected message (words joined by single spaces), so "fem
dagar", "5 dager" and "femte dag på rad" all reach the same rule. Patterns that need the
lexicon's number and month words are compiled once in `EntityPatterns`.
"""

import re
from dataclasses import dataclass

from content.nlu.lexicon import Lexicon

MAX_GRADE = 10
MAX_LEVEL = 3


@dataclass(frozen=True)
class EntityPatterns:
    days: tuple[re.Pattern[str], ...]
    count: tuple[re.Pattern[str], ...]
    week: re.Pattern[str]
    month_period: re.Pattern[str]
    class_patterns: tuple[re.Pattern[str], ...]
    grade_patterns: tuple[re.Pattern[str], ...]
    level: tuple[re.Pattern[str], ...]
    scope_mine: re.Pattern[str]
    scope_all: re.Pattern[str]
    overdue: re.Pattern[str]
    alert: re.Pattern[str]
    month: re.Pattern[str]
    level_leadership: re.Pattern[str]
    level_services: re.Pattern[str]


def build_patterns(lex: Lexicon) -> EntityPatterns:
    """Compile the entity patterns once, with the lexicon's number and month words filled in."""
    c = {name: lex.compile(pattern) for name, pattern in lex.entity_patterns.items()}
    return EntityPatterns(
        days=(c["days"], c["days_ordinal"]),
        count=(c["count"], c["count_late"]),
        week=c["week"],
        month_period=c["month_period"],
        class_patterns=(c["class_named"], c["class"]),
        grade_patterns=(c["grade"], c["grade_ordinal"], c["grade_named"]),
        level=(c["level"], c["level_ordinal"], c["level_ladder"]),
        scope_mine=c["scope_mine"],
        scope_all=c["scope_all"],
        overdue=c["overdue"],
        alert=c["alert"],
        month=c["month"],
        level_leadership=c["level_leadership"],
        level_services=c["level_services"],
    )


def _number(word: str, lex: Lexicon) -> int | None:
    if word.isdigit():
        return int(word)
    return lex.numbers.get(word, lex.ordinals.get(word))


def _first_number(text: str, patterns: tuple[re.Pattern[str], ...], lex: Lexicon) -> int | None:
    for pattern in patterns:
        match = pattern.search(text)
        if match:
            return _number(match.group(1), lex)
    return None


def days(text: str, p: EntityPatterns, lex: Lexicon) -> int | None:
    value = _first_number(text, p.days, lex)
    return value if value is not None and 0 < value <= 60 else None


def count(text: str, p: EntityPatterns, lex: Lexicon) -> int | None:
    value = _first_number(text, p.count, lex)
    return value if value is not None and 0 < value <= 60 else None


def period(text: str, p: EntityPatterns) -> str | None:
    week, month = p.week.search(text), p.month_period.search(text)
    if week and (not month or week.start() < month.start()):
        return "week"
    return "month" if month else None


def group(text: str, p: EntityPatterns, lex: Lexicon) -> str | None:
    """ "5b" and "klasse 5 b" are a class ("5B"); "5. trinn" and "femte klasse" a grade ("5")."""
    for pattern in p.class_patterns:
        match = pattern.search(text)
        if match and 0 < int(match.group(1)) <= MAX_GRADE:
            return f"{int(match.group(1))}{match.group(2).upper()}"
    for pattern in p.grade_patterns:
        match = pattern.search(text)
        if match:
            grade = _number(match.group(1), lex)
            if grade is not None and 0 < grade <= MAX_GRADE:
                return str(grade)
    return None


def level(text: str, p: EntityPatterns, lex: Lexicon) -> int | None:
    for pattern in p.level:
        match = pattern.search(text)
        if match:
            value = 0 if match.group(1) == "null" else _number(match.group(1), lex)
            if value is not None and value <= MAX_LEVEL:
                return value
    return None


def escalation_level(text: str, p: EntityPatterns, lex: Lexicon) -> int | None:
    """The level asked for; else the one whoever takes the case implies: PPT/BUP is level 3,
    "meld til ledelsen" level 2 (guide 1.3)."""
    stated = level(text, p, lex)
    if stated is not None:
        return stated
    if p.level_services.search(text):
        return MAX_LEVEL
    return 2 if p.level_leadership.search(text) else None


def month(text: str, p: EntityPatterns, lex: Lexicon) -> int | None:
    match = p.month.search(text)
    return lex.months[match.group(0)] if match else None


def scope(text: str, p: EntityPatterns) -> str | None:
    if p.scope_mine.search(text):
        return "mine"
    return "all" if p.scope_all.search(text) else None


def flag(text: str, pattern: re.Pattern[str]) -> bool | None:
    """True when the pattern matches; None (left out) otherwise, never False."""
    return True if pattern.search(text) else None


def first_match(text: str, table: tuple[tuple[str, re.Pattern[str]], ...]) -> str | None:
    for value, pattern in table:
        if pattern.search(text):
            return value
    return None
