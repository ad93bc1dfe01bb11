"""A card button's payload checked like typed text before any conversation sees it.

An Action.Submit's data is whatever the client sends, so it gets the recognizer's rules and
more: only the entities its intent may carry (content.nlu's table) plus the ids buttons use,
each of the shape a typed message would give (a first name without digits or a national id
number, a class the recognizer reads, small numbers in range, one of the known words). What is
unknown, reserved ("_" keys, state markers) or malformed is dropped, so the conversation asks
for it as if it had never been sent.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from content.models import TEMPLATE_IDS
from content.nlu import Recognizer
from content.nlu.recognizer import INTENT_ENTITIES
from content.privacy import national_id_in

MAX_NAME = 40
MAX_COUNT = 200
MAX_ID = 2**31 - 1
IDS = ("case_id", "deadline_id", "measure_id", "request_id", "meeting_id")
MAX_PAGE = 1000
_NAME = re.compile(r"[^\W\d_]+(?:[ '\-][^\W\d_]+)*")
_EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s]{1,190}")
WORDS: dict[str, tuple[str, ...]] = {
    "reason": ("other", "undocumented", "sick", "travel"),
    "period": ("week", "month"),
    "scope": ("mine", "all"),
    "action": ("add", "remove", "list"),
    "template": TEMPLATE_IDS,
    "answer": ("accept", "decline"),
    "language": ("nb", "nn", "en"),  # a join request's card (dialogs/join_case.py)
}


def _integer(value: Any, low: int, high: int) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) <= 10:
        value = int(value.strip())
    return value if isinstance(value, int) and low <= value <= high else None


def _name(value: Any) -> str | None:
    if not isinstance(value, str) or len(value.strip()) > MAX_NAME:
        return None
    name = value.strip()
    if national_id_in(name) or not _NAME.fullmatch(name):
        return None
    return name


def _flag(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def _word(name: str) -> Callable[[Any], Any]:
    return lambda value: value if isinstance(value, str) and value in WORDS[name] else None


def _validators(recognizer: Recognizer) -> dict[str, Callable[[Any], Any]]:
    def group(value: Any) -> str | None:
        if not isinstance(value, str) or len(value) > 12:
            return None
        return recognizer.entity("group", value) if value.strip() else None

    def upn(value: Any) -> str | None:
        return value if isinstance(value, str) and _EMAIL.fullmatch(value) else None

    return {
        "pupil": _name,
        "owner": _name,
        "colleague": lambda value: _name(value) or upn(value),
        "group": group,
        "days": lambda value: _integer(value, 1, MAX_COUNT),
        "count": lambda value: _integer(value, 1, MAX_COUNT),
        "level": lambda value: _integer(value, 0, 3),
        "month": lambda value: _integer(value, 1, 12),
        "alert": _flag,
        "overdue": _flag,
        "upn": upn,
        **{name: _word(name) for name in WORDS},
        "page": lambda value: _integer(value, 0, MAX_PAGE),
        **{name: (lambda value: _integer(value, 1, MAX_ID)) for name in IDS},
    }


class PayloadCheck:
    """Build once (it holds the validators); `clean(intent, payload)` per card action."""

    def __init__(self, recognizer: Recognizer) -> None:
        self._validators = _validators(recognizer)

    def clean(self, intent: str, payload: Mapping[str, Any]) -> dict[str, Any]:
        allowed = (*INTENT_ENTITIES.get(intent, ()), *IDS, "upn", "page", "answer")
        cleaned: dict[str, Any] = {}
        for key in allowed:
            if key not in payload or key not in self._validators:
                continue
            value = self._validators[key](payload[key])
            if value is not None:
                cleaned[key] = value
        return cleaned
