"""Close a case, with the final log entry the guide's documentation needs (2.8).

Entry: intent `close_case` (slot `pupil`) or a button with `case_id`. Asks why the case is
closed and what the guardians say, then asks to confirm. Outcome: a final log entry, the open
deadlines cancelled, the case closed (kept until the retention period ends).
"""

from __future__ import annotations

from typing import Any

from botbuilder.core import TurnContext

from casework.cases import already_logged, close_case, write_log
from casework.services import Services
from content.replies.log import LogFields
from dialogs.engine.case_form import CaseFormDialog
from dialogs.engine.form import Slot, idempotency_key
from dialogs.engine.ids import DialogId
from dialogs.engine.replies import say, translator
from dialogs.engine.slots import text_slot, yes_no_slot


class CloseCaseDialog(CaseFormDialog):
    def __init__(self, services: Services) -> None:
        super().__init__(DialogId.CLOSE_CASE, services)
        self._slots_in_order = [
            self.slot(text_slot("close_reason")),
            self.slot(text_slot("guardians_view")),
            self.slot(yes_no_slot("close_confirm")),
        ]

    async def case_slot(self, context: TurnContext, values: dict[str, Any]) -> Slot | None:
        return next((s for s in self._slots_in_order if s.name not in values), None)

    async def finish_case(self, context: TurnContext, values: dict[str, Any]) -> Any:
        translate = translator(context)
        if not values["close_confirm"]:
            await say(context, translate("close.kept", pupil=values["pupil"]))
            return None
        services, actor = self.services, self.actor(context)
        now = services.clock.now()
        case_id = int(values["case_id"])
        entry = LogFields(
            pupil=values["pupil"],
            group=values["group"],
            contact_date=services.school.today(now),
            reason=values["close_reason"],
            guardians_view=values["guardians_view"],
            next_steps=translate("close.next_steps"),
            level=values["current_level"],
            author=actor.name,
        )

        key = idempotency_key(values, "log")

        def save(session: Any) -> bool:
            if already_logged(session, actor, key) is not None:
                return False  # written by this action before its reply failed
            write_log(session, actor, case_id, entry, now, key=key)
            close_case(session, actor, case_id, now)
            return True

        if not await services.database.run(save):
            await say(context, translate("trust.already_saved"))
        await say(context, translate("close.done", pupil=values["pupil"], group=values["group"]))
        return case_id


def close_case_dialog(services: Services) -> CloseCaseDialog:
    return CloseCaseDialog(services)
