"""Show the cooperation agreement (samarbeidsavtale, guide 2.6) of a case.

Entry: intent `show_agreement` («vis samarbeidsavtalen til Ole»), slot `pupil`; the case is
found first (owner, co-responsible or a leader). Outcome: the agreement as a card, with every
field of 2.6 and each measure's status, and the same as bokmål text for the elevlogg in Visma;
or a note that the case has none yet (the minutes of the attendance meeting make one). The read
is audited.
"""

from __future__ import annotations

from typing import Any

from botbuilder.core import TurnContext

from casework.meeting import agreement_view
from casework.services import Services
from dialogs.engine.case_form import CaseFormDialog
from dialogs.engine.ids import DialogId
from dialogs.engine.replies import say, translator
from dialogs.meeting_minutes import send_agreement


class ShowAgreementDialog(CaseFormDialog):
    def __init__(self, services: Services) -> None:
        super().__init__(DialogId.SHOW_AGREEMENT, services)

    async def finish_case(self, context: TurnContext, values: dict[str, Any]) -> Any:
        services, actor, translate = self.services, self.actor(context), translator(context)
        now = services.clock.now()
        case_id = int(values["case_id"])
        view = await services.database.run(lambda s: agreement_view(s, actor, case_id, now))
        if view is None:
            await say(context, translate("agreement.none", **values))
            return case_id
        await send_agreement(context, services, view, translate)
        return case_id


def show_agreement_dialog(services: Services) -> ShowAgreementDialog:
    return ShowAgreementDialog(services)
