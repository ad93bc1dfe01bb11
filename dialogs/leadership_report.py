"""Level 2's "meld til ledelsen innen 1 uke" (guide 1.3), done by the bot on request.

Entry: a button with `{"intent": "report_to_leadership", "case_id"}` (the reminder card's
"Gjør det nå"), or the escalation reply's suggested action, whose typed text
dialogs.engine.phrases recognises (pupil and class). Finds the case the user may see; no
questions asked.
Outcome: one `leadership_report` message per leader of the tenant with the app installed (case
summary: first name, class, level, criteria, measures, open deadlines; never log text), queued
in the outbox (reminders.planning) and sent at once; the `report_to_leadership` deadline
completed; the user told who got it. With no leader to send to, nothing is sent and the
deadline stays open.
"""

from __future__ import annotations

from typing import Any

from botbuilder.core import TurnContext

from casework.services import Services
from dialogs.engine.case_form import CaseFormDialog
from dialogs.engine.ids import DialogId
from dialogs.engine.replies import say, show_typing, translator
from reminders.planning import plan_leadership_report


class ReportToLeadershipDialog(CaseFormDialog):
    def __init__(self, services: Services) -> None:
        super().__init__(DialogId.LEADERSHIP_REPORT, services)

    async def finish_case(self, context: TurnContext, values: dict[str, Any]) -> Any:
        await show_typing(context)  # one message per leader, queued and sent before the answer
        translate = translator(context)
        services, actor = self.services, self.actor(context)
        now = services.clock.now()
        today = services.school.today(now)
        case_id = int(values["case_id"])
        names = await services.database.run(
            lambda session: plan_leadership_report(session, actor, case_id, now, today)
        )
        if not names:
            await say(context, translate("leadership.no_leaders"))
            return None
        services.outbox.kick()
        await say(context, translate("leadership.sent", names=", ".join(names)))
        return case_id


def report_to_leadership_dialog(services: Services) -> ReportToLeadershipDialog:
    return ReportToLeadershipDialog(services)
