"""A colleague and a pupil in one message: «legg til Ola Nordmann på saken til Ole», «overfør
saken til Ole til Kari Nordmann». Read from the message as written, because a colleague's full
name keeps its capitals and may be any name; the pupil is the word after «saken til»."""

from __future__ import annotations

import re

COLLEAGUE_INTENTS = frozenset({"share_case", "handover_case"})
_NAME = r"[A-ZÆØÅ][\w'-]*(?:\s+[A-ZÆØÅ][\w'-]*){0,3}"
_CASE = r"(?:saken|saka|sak)\s+(?:til|for|åt|om)\s+(?P<pupil>[A-ZÆØÅa-zæøå][\w-]*)"
_SHARE = re.compile(
    rf"(?:legg til|legge til|ta med|inviter\w*)\s+(?P<who>{_NAME})\s+(?:på|i|til)\s+{_CASE}",
    re.IGNORECASE,
)
_HANDOVER = re.compile(
    rf"(?:overfør\w*|gi|gje|flytt\w*)\s+{_CASE}\s+(?:til|over til)\s+(?P<who>{_NAME})",
    re.IGNORECASE,
)


def case_and_colleague(text: str) -> dict[str, str]:
    """`pupil` and `colleague` when the message names both; nothing otherwise."""
    for pattern in (_SHARE, _HANDOVER):
        match = pattern.search(text.strip().rstrip(".!?"))
        if match:
            pupil = match.group("pupil")
            return {"pupil": pupil[:1].upper() + pupil[1:], "colleague": match.group("who")}
    return {}
