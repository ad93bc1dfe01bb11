"""Ask to join a case one cannot see, and the owner's answer (guide 1.3: one responsible, with
colleagues on the case when the owner agrees).

Entry: intent `request_join` («be om å bli med på saken til Ole i 5B», the button under «Skolen
følger allerede opp …»), slots `pupil` and `group`; and the owner's card buttons, intent
`answer_join` with `request_id` and `answer` (accept / decline). The requester learns nothing of
the case but that the owner has been asked; the owner gets the card «Ola Nordmann vil bli med på
saken – Godta / Avslå»; accepting makes the requester co-responsible. Both are told, audited.
"""

from __future__ import annotations

from typing import Any

from botbuilder.core import TurnContext
from sqlmodel import Session

from casework.services import Services
from casework.sharing import Shared, answer_join_request, request_to_join
from dialogs.engine.form import AnswerDialog, FormDialog, Slot
from dialogs.engine.ids import DialogId
from dialogs.engine.replies import say, translator
from dialogs.engine.slots import group_slot, pupil_slot
from dialogs.engine.turn import actor_of
from reminders.planning import plan_join_answer, plan_join_request
from storage import repository as repo


class RequestJoinDialog(FormDialog):
    def __init__(self, services: Services) -> None:
        super().__init__(DialogId.REQUEST_JOIN)
        self.services = services
        self._pupil = self.slot(pupil_slot(services.recognizer, "slot.case_pupil.ask"))
        self._group = self.slot(group_slot(services.recognizer))

    async def next_slot(self, context: TurnContext, values: dict[str, Any]) -> Slot | None:
        for slot in (self._pupil, self._group):
            if slot.name not in values:
                return slot
        return None

    async def finish(self, context: TurnContext, values: dict[str, Any]) -> Any:
        services, actor, translate = self.services, actor_of(context), translator(context)
        now = services.clock.now()
        pupil, group = values["pupil"], values["group"]

        def save(session: Session) -> tuple[str, str]:
            found = repo.find_open_case(
                session, tenant_id=actor.tenant_id, pupil_name=pupil, group_name=group
            )
            if found is None:
                return "case.not_found", ""
            request = request_to_join(session, actor, found.id, now)
            if request is None:
                return "join.already", found.owner_name
            plan_join_request(session, request, found.owner_aad_id, now)
            return "join.asked", found.owner_name

        key, owner = await services.database.run(save)
        services.outbox.kick()
        await say(context, translate(key, pupil=pupil, group=group, owner=owner))
        return None


def request_join_dialog(services: Services) -> RequestJoinDialog:
    return RequestJoinDialog(services)


def answer_join_dialog(services: Services) -> AnswerDialog:
    async def answer(context: TurnContext, options: dict[str, Any]) -> None:
        actor, translate = actor_of(context), translator(context)
        now = services.clock.now()
        accept = options.get("answer") == "accept"
        try:
            request_id = int(options.get("request_id"))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            request_id = -1

        def save(session: Session) -> tuple[Shared, Any]:
            result, request = answer_join_request(session, actor, request_id, accept, now)
            if result is Shared.DONE:
                plan_join_answer(session, request, now)
            name = request.requester_name if request is not None else ""
            return result, name

        result, name = await services.database.run(save)
        services.outbox.kick()
        if result is Shared.NOT_FOUND:
            await say(context, translate("join.not_found"))
            return
        done = "join.owner_accepted" if accept else "join.owner_declined"
        key = "join.answered_already" if result is Shared.ALREADY else done
        await say(context, translate(key, requester=name))

    return AnswerDialog(DialogId.ANSWER_JOIN, answer)
