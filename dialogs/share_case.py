"""Share a case with a colleague, or hand it over (guide 1.3: one responsible, others with them).

Entry: intent `share_case` («legg til Ola Nordmann på saken til Ole») or `handover_case`
(«overfør saken til Ole til Kari Nordmann»), slots `pupil` and `colleague`. The case is found
first (only a case the user sees); the colleague must be someone of the school who has used the
bot (their Teams name; a first name is enough when only one has it). Only the case owner or a
leader may do either. Outcomes: the colleague is co-responsible (sees the case, logs contacts,
gets nothing of the owner's reminders), or is the new owner (the case's reminders go to them
from now on; the previous owner leaves the case); audited. With schools in one tenant
(issue 20), «overfør saken til Ole til Sentrum skole» names a school, not a colleague: a leader
offers the case to that school (casework/transfer.py; its leaders accept in bot/schools.py).
"""

from __future__ import annotations

from typing import Any

from botbuilder.core import TurnContext

from casework.services import Services
from casework.sharing import Colleague, Shared, add_colleague, hand_over
from casework.transfer import Transfer, offer_transfer, school_named
from content.i18n import Translator
from dialogs.engine.case_form import CaseFormDialog
from dialogs.engine.form import Slot
from dialogs.engine.ids import DialogId
from dialogs.engine.replies import say, translator
from dialogs.engine.slots import text_slot
from storage import repository as repo


class ShareCaseDialog(CaseFormDialog):
    def __init__(self, dialog_id: str, services: Services, *, handover: bool) -> None:
        super().__init__(dialog_id, services)
        self._handover = handover
        self._colleague = self.slot(text_slot("colleague", max_length=100))

    async def case_slot(self, context: TurnContext, values: dict[str, Any]) -> Slot | None:
        return None if values.get("colleague") else self._colleague

    async def finish_case(self, context: TurnContext, values: dict[str, Any]) -> Any:
        services, actor, translate = self.services, self.actor(context), translator(context)
        now = services.clock.now()
        case_id, name = int(values["case_id"]), values["colleague"]
        school = school_named(services.schools, actor.tenant_id, name) if self._handover else None
        if school is not None:  # «overfør saken til Ole til Sentrum skole»: the pupil moves
            offered = await services.database.run(
                lambda session: offer_transfer(session, actor, case_id, school, now)
            )
            await say(context, transfer_text(translate, offered, values, school.name))
            return case_id
        act = hand_over if self._handover else add_colleague

        def save(session: Any) -> tuple[str, Any]:
            found = repo.find_staff(session, tenant_id=actor.tenant_id, name=name)
            if len(found) != 1:
                return ("ambiguous" if found else "no_colleague"), found
            colleague = Colleague(*found[0])
            return act(session, actor, case_id, colleague, now).value, colleague

        result, found = await services.database.run(save)
        prefix = "handover" if self._handover else "share"
        if result == "ambiguous":
            names = ", ".join(full for _, full in found)
            await say(context, translate("share.ambiguous", colleague=name, names=names))
        elif result == "no_colleague":
            await say(context, translate("share.no_colleague", colleague=name))
        elif result == Shared.NOT_FOUND:
            await say(context, translate("case.not_found", pupil=values.get("pupil", "")))
        else:
            text = translate(f"{prefix}.{result}", **{**values, "colleague": found.name})
            await say(context, text)
        return case_id


def transfer_text(
    translate: Translator, result: Transfer, values: dict[str, Any], school: str
) -> str:
    if result is Transfer.NOT_FOUND:
        return translate("case.not_found", pupil=values.get("pupil", ""))
    return translate(
        f"transfer.{result.value}",
        pupil=values.get("pupil", ""),
        group=values.get("group", ""),
        school=school,
    )


def share_case_dialog(services: Services) -> ShareCaseDialog:
    return ShareCaseDialog(DialogId.SHARE_CASE, services, handover=False)


def handover_case_dialog(services: Services) -> ShareCaseDialog:
    return ShareCaseDialog(DialogId.HANDOVER_CASE, services, handover=True)
