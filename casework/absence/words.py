"""The words schools write in an absence export, and what each means.

Everything is compared folded (`fold`): case, accents and æ/ø/å do not matter, and neither do
their two-letter spellings, so «Årsak», «Aarsak» and «arsak» are one word, as are
«Fraværstype», «Fravaerstype» and «Fravarstype». A cell may hold more than one word
(«Sykdom – egenmelding»); each aspect (kind, reason, documented) is looked up on its own.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from enum import StrEnum
from typing import NamedTuple, TypeVar

_Key = TypeVar("_Key")


class Kind(StrEnum):
    """What was registered: a whole day, a lesson, a late arrival, leaving early."""

    DAY = "day"
    LESSON = "lesson"
    LATE = "late"
    LEFT_EARLY = "left_early"


class Reason(StrEnum):
    SICKNESS = "sickness"
    APPOINTMENT = "appointment"
    LEAVE = "leave"
    TRAVEL = "travel"
    OTHER = "other"
    UNDOCUMENTED = "undocumented"
    UNKNOWN = "unknown"


# Permission and travel are absence the school agreed to or knows about: counted apart, never
# as worrying absence (the guide's travel exception, 1.3).
LEAVE_REASONS = frozenset({Reason.LEAVE, Reason.TRAVEL})

_LETTERS = str.maketrans({"æ": "a", "ø": "o", "å": "a", "ä": "a", "ö": "o", "ü": "u"})
_PAIRS = re.compile(r"ae|oe|aa")
_ACCENTED = str.maketrans("éèêáàóòúíñç", "eeeaaoouinc")
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lower case, æøå to a/o/a (and ae/oe/aa likewise), punctuation to single spaces."""
    text = text.casefold().translate(_LETTERS).translate(_ACCENTED)
    text = _PAIRS.sub(lambda match: match.group()[0], text)
    return _NOT_WORD.sub(" ", text).strip()


def compact(text: str) -> str:
    """Folded without spaces: «Fra kl.» and «frakl» are the same header."""
    return fold(text).replace(" ", "")


_KIND_WORDS: dict[Kind, tuple[str, ...]] = {
    Kind.LATE: (
        "for sent", "forsent", "for seint", "forseint", "forsinket", "forseinka", "sen", "sein",
        "sent", "seint", "kom for sent", "forsentkomming", "late", "late arrival", "tardy",
    ),
    Kind.LEFT_EARLY: (
        "gikk tidlig", "gjekk tidleg", "dro tidlig", "drog tidleg", "reiste tidlig", "tidlig",
        "tidleg", "gikk hjem", "dro hjem", "forlot skolen", "forlot timen", "forlot klasserommet",
        "gikk ut av timen", "left early", "went home early", "left school", "left class",
        "left lesson", "early",
    ),
    Kind.LESSON: (
        "time", "timer", "timefravaer", "enkelttime", "enkelttimer", "okt", "okter",
        "oktfravaer", "lesson", "lessons", "lesson absence", "delvis", "delvis dag", "deldag",
        "del av dagen", "part day", "partial day", "part of day",
    ),
    Kind.DAY: (
        "dag", "dagsfravaer", "dagfravaer", "heldag", "hel dag", "heldagsfravaer", "hele dagen",
        "heile dagen", "day", "full day", "whole day", "all day", "day absence",
    ),
}  # fmt: skip
# Late and left early before lesson and day: «kom for sent til timen» is a late arrival.
_KIND_ORDER = (Kind.LATE, Kind.LEFT_EARLY, Kind.LESSON, Kind.DAY)

_REASON_WORDS: dict[Reason, tuple[str, ...]] = {
    Reason.SICKNESS: (
        "syk", "sykdom", "sjuk", "sjukdom", "egenmelding", "eigenmelding", "legeerklaering",
        "legeattest", "sykemelding", "sjukemelding", "omgangssyke", "influensa", "sick",
        "sickness", "ill", "illness", "self certified", "self certification",
        "medical certificate",
    ),
    Reason.APPOINTMENT: (
        "lege", "tannlege", "legetime", "tannlegetime", "helsestasjon", "fysioterapeut",
        "doctor", "dentist", "appointment",
    ),
    Reason.LEAVE: (
        "permisjon", "innvilget permisjon", "innvilga permisjon", "perm", "innvilget fri",
        "leave", "permission", "granted leave",
    ),
    Reason.TRAVEL: ("reise", "ferie", "feriereise", "travel", "holiday", "vacation", "trip"),
    Reason.OTHER: ("annet", "anna", "other"),
    Reason.UNDOCUMENTED: (
        "udokumentert", "ikke dokumentert", "ikkje dokumentert", "undocumented",
        "not documented", "skulk", "ugyldig",
    ),
}  # fmt: skip

# Words that settle whether absence is documented, wherever they stand.
_DOCUMENTED_WORDS: dict[bool, tuple[str, ...]] = {
    True: (
        "dokumentert", "documented", "egenmelding", "eigenmelding", "legeerklaering",
        "legeattest", "sykemelding", "sjukemelding", "innvilget permisjon", "innvilga permisjon",
        "self certified", "self certification", "medical certificate",
    ),
    False: (
        "udokumentert", "ikke dokumentert", "ikkje dokumentert", "undocumented", "not documented",
        "skulk", "ugyldig",
    ),
}  # fmt: skip
# A documented column may also just say yes or no.
_YES_NO = {
    **dict.fromkeys(("ja", "j", "yes", "y", "x", "sant", "true", "1", "ok"), True),
    **dict.fromkeys(("nei", "n", "no", "usant", "false", "0"), False),
}
# Words that only say "absence", so a type cell holding them is understood without a kind.
_PLAIN_ABSENCE = re.compile(r"\b(?:fravar|frafall|borte|absence|absent|registrering)\b")


def _pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    folded = sorted({fold(word) for word in words}, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(word) for word in folded) + r")\b")


def _patterns(table: Mapping[_Key, tuple[str, ...]]) -> tuple[tuple[_Key, re.Pattern[str]], ...]:
    return tuple((key, _pattern(words)) for key, words in table.items())


_KINDS = tuple((kind, _pattern(_KIND_WORDS[kind])) for kind in _KIND_ORDER)
_REASONS = _patterns(_REASON_WORDS)
_DOCUMENTED = _patterns(_DOCUMENTED_WORDS)


class Reading(NamedTuple):
    """What one cell says; None where it says nothing about that aspect."""

    kind: Kind | None
    reason: Reason | None
    documented: bool | None
    understood: bool


def _first_kind(text: str) -> Kind | None:
    return next((kind for kind, pattern in _KINDS if pattern.search(text)), None)


def _leftmost(patterns: tuple[tuple[_Key, re.Pattern[str]], ...], text: str) -> _Key | None:
    """The meaning of the word that comes first; the longer word where two start together, so
    «ikke dokumentert» is not read as «dokumentert»."""
    best: tuple[int, int, _Key] | None = None
    for key, pattern in patterns:
        match = pattern.search(text)
        if match and (best is None or (match.start(), -match.end()) < best[:2]):
            best = (match.start(), -match.end(), key)
    return best[2] if best else None


@functools.lru_cache(maxsize=4096)
def read_cell(text: str) -> Reading:
    """Kind, reason and documented as far as one cell (type, code or documented) tells them."""
    folded = fold(text)
    if not folded:
        return Reading(None, None, None, understood=True)
    kind = _first_kind(folded)
    reason = _leftmost(_REASONS, folded)
    documented = _YES_NO.get(folded.replace(" ", ""))
    if documented is None:
        documented = _leftmost(_DOCUMENTED, folded)
    understood = any(x is not None for x in (kind, reason, documented))
    return Reading(kind, reason, documented, understood or bool(_PLAIN_ABSENCE.search(folded)))
