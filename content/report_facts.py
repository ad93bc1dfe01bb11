"""An absence report's answers as the guide's facts (1.3): the first message's entities as the
form's values, the values as `AbsenceFacts`, and how the questions read what teachers type:
«søkt om permisjon» is known absence, «vet ikke» is not documentation, «Annet» is the other
code, «siden september» a period longer than a month (issue 14). Pure functions; the yes/no
buttons send their value past the readers.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from content.parse import choose, yes_no
from content.rules import AbsenceFacts

KINDS = {
    "report_absence": "absence",
    "report_late": "late",
    "report_leaving": "leaving",
    "report_wellbeing": "wellbeing",
}


def facts_of(values: Mapping[str, Any]) -> AbsenceFacts:
    documented = values.get("documented")
    if documented is None and values.get("known_travel"):
        documented = True  # travel the school knows of is documented absence
    if documented is None and values.get("days_absent") == 0:
        documented = True  # no absence: nothing to document
    kind = values["kind"]
    obs = values.get("obs") or ()
    return AbsenceFacts(
        days_absent=values.get("days_absent"),
        consecutive_days=values.get("days_absent"),
        visma_alert=values.get("visma_alert"),
        known_travel=values.get("known_travel"),
        documented=documented if isinstance(documented, bool) else None,
        other_code_unspecified=documented == "other_code" or None,
        late_count=_late_count(values),
        late_period=_late_period(values),
        leaves_class=True if kind == "leaving" else None,
        wellbeing_concern=True if "obs_wellbeing" in obs else None,
        hard_to_get_to_school=True if "obs_getting_to_school" in obs else None,
    )


def _late_count(values: Mapping[str, Any]) -> int | None:
    """Over a period longer than a month only the last month's count can meet «mer enn tre
    ganger i måneden»; ≤ 3 in the whole period cannot."""
    if values.get("late_period") == "longer" and "late_recent" in values:
        return values["late_recent"]
    return values.get("late_count")


def _late_period(values: Mapping[str, Any]) -> Literal["week", "month"] | None:
    if values.get("late_period") == "longer":
        return "month" if "late_recent" in values else None
    return values.get("late_period")


def from_entities(options: Mapping[str, Any]) -> dict[str, Any]:
    """The first message's entities as the form's values."""
    values: dict[str, Any] = {"kind": KINDS.get(options.get("intent", ""), "absence")}
    for source, target in (
        ("pupil", "pupil"),
        ("group", "group"),
        ("days", "days_absent"),
        ("count", "late_count"),
        ("period", "late_period"),
    ):
        if options.get(source) is not None:
            values[target] = options[source]
    if options.get("alert"):
        values["visma_alert"] = True
    reason = options.get("reason")
    if reason == "travel":
        values["known_travel"] = True
    elif reason == "sick":
        values["documented"] = True
        values["illness"] = True
    elif reason == "undocumented":
        values["documented"] = False
    elif reason == "other":
        values["documented"] = "other_code"
    return values


OTHER_CODE_WORDS = {"other_code": ("annet", "anna", "other")}
# «siden september», «dette skoleåret»: a period longer than a month (issue 14).
LONGER_WORDS = (
    "siden",
    "sia",
    "skolestart",
    "skulestart",
    "skoleåret",
    "skuleåret",
    "semester",
    "semesteret",
    "halvåret",
    "høsten",
    "hausten",
    "uker",
    "ukene",
    "veker",
    "vekene",
    "måneder",
    "månedene",
    "månader",
    "månadene",
    "lenge",
    "lenger",
    "longer",
    "året",
)
PERIOD_WORDS = {
    "week": ("uke", "uka", "uken", "veke", "veka", "week"),
    "month": ("måned", "måneden", "mnd", "månad", "månaden", "month"),
}

DONT_KNOW = {"dont_know": ("vet ikke", "veit ikkje", "vet ikkje", "usikker", "aner ikke")}
LEAVE_WORDS = {"leave": ("permisjon", "permisjonen", "innvilget", "innvilga", "søkt")}


def read_documented(text: str) -> str | None:
    if choose(text, OTHER_CODE_WORDS):
        return "other_code"
    if choose(text, DONT_KNOW):
        return "no"  # nothing the school has is documentation: «alt av udokumentert fravær»
    answer = yes_no(text)
    return None if answer is None else ("yes" if answer else "no")


def read_period(text: str) -> str | None:
    if choose(text, {"longer": LONGER_WORDS}):
        return "longer"  # «siden september»: more than a month (issue 14)
    return choose(text, PERIOD_WORDS)


def read_known_travel(text: str) -> bool | None:
    """Leave applied for or granted is absence the school knows of, like travel; «vet ikke»
    means the school does not know of it, so the exception does not apply (1.3)."""
    if choose(text, LEAVE_WORDS):
        return True
    if choose(text, DONT_KNOW):
        return False
    return yes_no(text)
