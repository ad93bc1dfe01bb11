"""Level 2's "meld til ledelsen innen 1 uke" (guide 1.3), done by the bot on request.

Entry: a button with `{"intent": "report_to_leadership", "case_id"}` (the reminder card's
"Gjør det nå"), or the escalation reply's suggested action, whose typed text `ButtonPhrases`
recognises (pupil and class). Finds the case the user may see; no questions asked.
Outcome: one `leadership_report` message per leader of the tenant with the app installed (case
summary: first name, class, level, criteria, measures, open deadlines; never log text), queued
in the outbox (reminders.planning) and sent at once; the `report_to_leadership` deadline
completed; the user told who got it. With no leader to send to, nothing is sent and the
deadline stays open.
"""

from __future__ import annotations

import re
from typing import Any

from botbuilder.core import TurnContext

from casework.services import Services
from content.i18n import SUPPORTED_LANGUAGES, Translator
from content.intents import Intent
from content.nlu import Recognition
from dialogs.engine.case_form import CaseFormDialog
from dialogs.engine.ids import DialogId
from dialogs.engine.replies import say, translator
from dialogs.engine.root import Recognizer
from reminders.planning import plan_leadership_report

OFFER_KEY = "leadership.offer.value"


class ButtonPhrases:
    """The exact text of our own "Send til ledelsen nå" button, in each language, as an intent.

    Teams' suggested actions can only send text (imBack); this turns that one phrase back into
    the request it stands for, and leaves every other message to the recognizer.
    """

    def __init__(self, inner: Recognizer) -> None:
        self._inner = inner
        self._patterns = [
            _phrase(Translator(language)(OFFER_KEY)) for language in SUPPORTED_LANGUAGES
        ]

    def recognize(self, text: str, locale: str = "nb-NO") -> Any:
        cleaned = " ".join(text.split())
        for pattern in self._patterns:
            match = pattern.fullmatch(cleaned)
            if match:
                return Recognition(Intent.REPORT_TO_LEADERSHIP, match.groupdict())
        return self._inner.recognize(text, locale)

    def might_be(self, intent: str, text: str) -> bool:
        return self._inner.might_be(intent, text)


def _phrase(template: str) -> re.Pattern[str]:
    pattern = re.escape(template)
    pattern = pattern.replace(re.escape("{pupil}"), r"(?P<pupil>.+?)")
    pattern = pattern.replace(re.escape("{group}"), r"(?P<group>\S+)")
    return re.compile(pattern, re.IGNORECASE)


class ReportToLeadershipDialog(CaseFormDialog):
    def __init__(self, services: Services) -> None:
        super().__init__(DialogId.LEADERSHIP_REPORT, services)

    async def finish_case(self, context: TurnContext, values: dict[str, Any]) -> Any:
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
