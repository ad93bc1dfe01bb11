"""«Hvorfor Ole?»: the guide's wording behind a case, one tap from the case-opened reply.

The case-opened reply (dialogs.report) is short enough for a phone: what to do now and by when.
This conversation shows what it left out (guide 1.3): the criteria quoted, what the level asks
for, and for the 5-day alert at level 0 when the case may be closed without documentation
(2.8). Entry: the reply's «Hvorfor {pupil}?» button (button-only intent `explain_case`, read
back by dialogs.engine.phrases) or a card with `case_id`; the case is found as for every case
conversation (dialogs.engine.case_form). No slots of its own. Outcome: one text with buttons
for the templates and the next step; nothing is written.
"""

from __future__ import annotations

from typing import Any

from botbuilder.core import TurnContext

from casework.services import Services
from content.replies.report import WhyFacts, why_reply
from dialogs.engine.case_form import CaseFormDialog
from dialogs.engine.ids import DialogId
from dialogs.engine.replies import say, translator


class ExplainCaseDialog(CaseFormDialog):
    def __init__(self, services: Services) -> None:
        super().__init__(DialogId.EXPLAIN_CASE, services)

    async def finish_case(self, context: TurnContext, values: dict[str, Any]) -> Any:
        facts = WhyFacts(
            pupil=values["pupil"],
            group=values["group"],
            level=int(values["current_level"]),
            criteria=tuple(values.get("criteria") or ()),
        )
        text, buttons = why_reply(self.services.guide, facts, translator(context))
        await say(context, text, buttons)
        return values["case_id"]


def explain_case_dialog(services: Services) -> ExplainCaseDialog:
    return ExplainCaseDialog(services)
