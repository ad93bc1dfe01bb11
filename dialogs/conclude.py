"""«Ikke bekymringsfullt»: the contact after the 5-day alert found no worry (guide 2.8).

Entry: intent `conclude_not_concerning` (typed «ikke bekymringsfullt for Ole», or the report's
button), slot `pupil`; the case is found as in every case conversation. No questions.
Outcome: a level-0 case is closed with no log entry and its deadlines cancelled, and the reply
quotes 2.8 («… er det ikke behov for å dokumentere»). A case above level 0 needs the closing
with a final log entry; a case flagged for an unsafe school environment stays open (the
school's plan for it applies whatever the absence).
"""

from __future__ import annotations

from typing import Any

from botbuilder.core import TurnContext

from casework.cases import conclude_not_concerning
from casework.services import Services
from content.replies.report import unsafe_notice
from content.replies.triage import not_documenting_quote
from dialogs.engine.case_form import CaseFormDialog
from dialogs.engine.ids import DialogId
from dialogs.engine.replies import say, translator


class ConcludeNotConcerningDialog(CaseFormDialog):
    def __init__(self, services: Services) -> None:
        super().__init__(DialogId.CONCLUDE_NOT_CONCERNING, services)

    async def finish_case(self, context: TurnContext, values: dict[str, Any]) -> Any:
        services, actor, translate = self.services, self.actor(context), translator(context)
        now = services.clock.now()
        case_id = int(values["case_id"])
        outcome = await services.database.run(
            lambda session: conclude_not_concerning(session, actor, case_id, now)
        )
        facts = {"pupil": values["pupil"], "group": values["group"]}
        if outcome == "closed":
            quote = not_documenting_quote(services.guide)
            await say(context, translate("triage.not_concerning.done", quote=quote, **facts))
        elif outcome == "unsafe":
            text = translate("triage.not_concerning.unsafe", **facts)
            await say(context, text + "\n\n" + unsafe_notice(services.guide, translate))
        else:
            level = values["current_level"]
            await say(context, translate("triage.not_concerning.level", level=level, **facts))
        return case_id


def conclude_not_concerning_dialog(services: Services) -> ConcludeNotConcerningDialog:
    return ConcludeNotConcerningDialog(services)
