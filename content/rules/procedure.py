"""The absence procedure ("Fraværsprosedyre", guide 1.2), steps 5-8: the steps that a report
about one pupil can trigger. Steps 1-4 are routines for the whole school year (parents'
meeting, registering in Visma, the board) and are not decided per pupil.

Step 5: the Visma code «Annet» without a specification: ask the cause the same day.
Step 6: absence three days in a row that is not cleared up (for example as travel): send a
  message or call home. The guide says "går over tre dager i strekk ... Etter tre dagers
  fravær", so the third day in a row is enough. Absence the guardians have reported with its
  cause (documented, e.g. illness) is cleared up like known travel ("som ikke er avklart"), so
  three days of reported illness need no call of their own (issue 14).
Step 7: the Visma high-absence alert: call or send a message, with the guide's templates. Known
  travel needs no call (guide 1.3).
Step 8: worrying absence: go to the measure ladder, level 0, the same day.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from content.rules.criteria import AbsenceFacts, alert_fired, assess
from content.rules.deadlines import DeadlineRule
from content.rules.ladder import level_templates

CONSECUTIVE_DAYS_FOR_CONTACT = 3
_CONTACT_TEMPLATES = ("fravaersmelding", "telefonsamtale")


@dataclass(frozen=True)
class ProcedureAction:
    step: int
    deadline_kind: str
    template_ids: tuple[str, ...]
    rule: Literal["same_day"] = "same_day"

    @property
    def deadline_rule(self) -> DeadlineRule:
        return DeadlineRule(self.deadline_kind, self.rule)


def procedure_actions(facts: AbsenceFacts) -> list[ProcedureAction]:
    """What the contact teacher must do for these facts, in step order.

    Unknown travel counts as not cleared up: the guide exempts only travel the school knows of.
    """
    actions: list[ProcedureAction] = []
    travel_cleared = facts.known_travel is True
    if facts.other_code_unspecified:
        actions.append(ProcedureAction(5, "ask_other_code_cause", ()))
    cleared = travel_cleared or facts.documented is True
    if (facts.consecutive_days or 0) >= CONSECUTIVE_DAYS_FOR_CONTACT and not cleared:
        actions.append(ProcedureAction(6, "contact_guardians", _CONTACT_TEMPLATES))
    if alert_fired(facts) and not travel_cleared:
        actions.append(ProcedureAction(7, "contact_guardians", _CONTACT_TEMPLATES))
    if assess(facts).concerning:
        actions.append(ProcedureAction(8, "contact_guardians", level_templates(0)))
    return actions
