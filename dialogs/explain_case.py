"""«Hvorfor Ole?»: the guide's wording behind a case, one tap from the case-opened reply.

The case-opened reply (dialogs.report) is short enough for a phone: what to do now and by when.
This conversation shows what it left out (guide 1.3): the criteria quoted, what the level asks
for, and for the 5-day alert at level 0 when the case may be closed without documentation
(2.8). Entry: the reply's «Hvorfor {pupil}?» button (read back by dialogs.engine.phrases), a
card with `case_id`, or a bare «hvorfor?» / «hvorfor det?» typed (intent `explain_case`, no
name): then the case this conversation last talked about (dialogs.engine.last_case), if the
user may still see it; with none, or after a list of several, the bot asks which pupil. The
case is then found as for every case conversation (dialogs.engine.case_form). No slots of its
own. Outcome: one text with buttons for the templates and the next step; nothing is written.
"""

from __future__ import annotations

from typing import Any

from botbuilder.core import TurnContext

from casework.access import visible_case
from casework.services import Services
from content.replies.report import WhyFacts, why_reply
from dialogs.engine.case_form import FOUND, RESOLVED, CaseFormDialog, case_values
from dialogs.engine.form import Slot
from dialogs.engine.ids import DialogId
from dialogs.engine.last_case import last_case, remember_case
from dialogs.engine.replies import say, translator


class ExplainCaseDialog(CaseFormDialog):
    def __init__(self, services: Services) -> None:
        super().__init__(DialogId.EXPLAIN_CASE, services)

    async def next_slot(self, context: TurnContext, values: dict[str, Any]) -> Slot | None:
        named = values.get(RESOLVED) or values.get(FOUND) is not None or values.get("pupil")
        if not named and not await self._take_last_case(context, values):
            return self.pupil_question
        return await super().next_slot(context, values)

    async def _take_last_case(self, context: TurnContext, values: dict[str, Any]) -> bool:
        """The conversation's last case into `values`, if the user may still see it."""
        case_id = await last_case(context)
        if case_id is None:
            return False
        actor = self.actor(context)
        case = await self.services.database.run(lambda s: visible_case(s, actor, case_id))
        if case is None:  # handed over, or no longer theirs: it is not talked about any more
            await remember_case(context, None)
            return False
        values.update(case_values(case))
        return True

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
