"""What the municipality administrator types to add a school in chat (issue 20):
«legg til skolen Vestbyen skole med leder rektor@vestbyen.example» («ny skule: …, leiar …»,
«add school … with leader …»). Pure functions: the words, and the school id a name gives."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_ADD = re.compile(
    r"^\s*(?:legg til|opprett|add|create|ny|new)\s+(?:en\s+|ein\s+|a\s+)?"
    r"(?:skolen|skulen|skole|skule|school)\s*:?\s*(?P<rest>.+?)\s*$",
    re.IGNORECASE | re.DOTALL,
)
_LEADERS = re.compile(
    r"[\s,;]+(?:med\s+|with\s+)?(?:ledere|ledarar|leiarar|leder|leiar|leaders?|rektor)\s*:?\s+",
    re.IGNORECASE,
)
_PERSON = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+|[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}")
_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a"})
MAX_ID = 27


@dataclass(frozen=True)
class NewSchool:
    name: str
    leaders: tuple[str, ...]  # UPNs (lower case) or aad object ids


def parse_new_school(text: str) -> NewSchool | None:
    """The school's name and the leaders named (none when the text names none); None when the
    text is not a request to add a school."""
    found = _ADD.match(text or "")
    if found is None:
        return None
    parts = _LEADERS.split(found.group("rest"), maxsplit=1)
    name = parts[0].strip(" ,;:.«»\"'")
    leaders = tuple(p.lower() for p in _PERSON.findall(parts[1])) if len(parts) > 1 else ()
    return NewSchool(name, leaders) if name else None


def school_id_for(name: str) -> str:
    """«Vestbyen skole» → «vestbyen»: lower case a-z, 0-9 and -, at most 27 characters."""
    short = re.sub(r"\s+(skole|skule|school)$", "", name.strip(), flags=re.IGNORECASE)
    folded = unicodedata.normalize("NFKD", short.casefold().translate(_FOLD))
    ascii_only = folded.encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_only).strip("-")
    if len(slug) > MAX_ID:  # cut between words, not inside one
        cut = slug[: MAX_ID + 1]
        slug = cut[: cut.rindex("-")] if "-" in cut else slug[:MAX_ID]
    return slug.strip("-") or "skole"
