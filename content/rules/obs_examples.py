"""The teacher's judgement (guide 1.2 step 8 and the OBS of 1.3): which of the guide's two OBS
examples a free-text worry names, and whether it is a worry at all.

«OBS! Iblant kan det være grunn til å være bekymret selv om ikke noen av disse kriteriene er
oppfylt. Eksempel kan være når eleven har gitt utrykk for mistrivsel, eller at foreldrene
strever med å få barnet på skolen.» A worry about parents struggling is the second example, not
the first; a worry that names neither («jeg er bekymret for fraværet til Ole») is still the
teacher's judgement, with no example to quote. Patterns run over `normalise`d text (æøå folded).
"""

from __future__ import annotations

import re

from content.models import CriterionId
from content.rules.unsafe_environment import normalise

_GETTING_TO_SCHOOL = re.compile(
    r"\b(foreldr\w*|foresatt\w*|mor|far|mora|faren|moren|mamma|pappa|hjemme|heime|familien)\b"
    r".*\b(strever|strevar|strevde|sliter|slit|sleit|klarer ikke|klarar ikkje|far ikke|far ikkje"
    r"|greier ikke|greier ikkje|vanskelig|vanskeleg|problem\w*)\b"
    r"|\b(av garde|av stad|ut dora|ut doren|ut av senga|opp av senga|opp om morgenen"
    r"|opp om morgonen)\b"
    r"|\bnekt\w* (a )?(sta opp|ga pa skolen|ga pa skulen)\b"
)
_WELLBEING = re.compile(
    r"\b(trives|trivs|trivst|trivdes)\b|\bmistri\w*|\b(gruer|grur|gruar|grua|gruet|grudde) seg\b"
    r"|\b(liker|likar) seg\b|\b(ensom|einsam|lei seg|trist|redd|engstelig|engsteleg)\b"
    r"|\bingen (venner|vener)\b|\bhar det (ikke |ikkje )?(bra|godt|vondt|tungt|vanskelig)\b"
    r"|\bvil (ikke|ikkje) (ga )?(pa|til) (skolen|skulen)\b"
)
_WORRY = re.compile(r"\b(bekymr\w*|uroleg|urolig)\b")


def obs_examples(text: str) -> tuple[CriterionId, ...]:
    """The OBS examples `text` names, in the guide's order."""
    words = normalise(text)
    found = []
    if _WELLBEING.search(words):
        found.append(CriterionId.OBS_WELLBEING)
    if _GETTING_TO_SCHOOL.search(words):
        found.append(CriterionId.OBS_GETTING_TO_SCHOOL)
    return tuple(found)


def says_worried(text: str) -> bool:
    """«jeg er bekymret for …», «eg er uroleg for …»: the teacher's own worry (step 8)."""
    return _WORRY.search(normalise(text)) is not None
