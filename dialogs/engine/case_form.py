"""The shared start of every conversation about an existing case: find the case the user may see.

A card button carries `case_id`; a typed message names the pupil (and maybe the class); with
neither, the user's only open case is taken. Several pupils of that name → ask the class.
None visible → "not found", whether it does not exist or belongs to someone else. The case
found becomes the conversation's last case (dialogs.engine.last_case); none found forgets it.
"""

from __future__ import annotations

from typing import Any

from botbuilder.core import TurnContext

from casework.access import Actor, visible_case, visible_cases_of_pupil
from casework.services import Services
from dialogs.engine.form import FormDialog, Slot
from dialogs.engine.last_case import remember_case
from dialogs.engine.replies import say, translator
from dialogs.engine.slots import group_slot, pupil_slot
from dialogs.engine.turn import actor_of
from storage import repository as repo
from storage.models import Case

FOUND = "case_id"
# Internal keys start with "_": FormDialog never takes them from a button's payload, so a
# replayed payload cannot claim that the access check has already been done.
RESOLVED = "_resolved"
MISSING = "_missing"


def case_values(case: Case) -> dict[str, Any]:
    return {
        FOUND: case.id,
        "pupil": case.pupil_name,
        "group": case.group_name,
        "current_level": case.level,
        "criteria": list(case.criteria),
        RESOLVED: True,
    }


class CaseFormDialog(FormDialog):
    def __init__(self, dialog_id: str, services: Services) -> None:
        super().__init__(dialog_id)
        self.services = services
        self._pupil = self.slot(pupil_slot(services.recognizer, "slot.case_pupil.ask"))
        self._group = self.slot(group_slot(services.recognizer))

    def actor(self, context: TurnContext) -> Actor:
        return actor_of(context)

    async def find_case(self, context: TurnContext, values: dict[str, Any]) -> Slot | None:
        """Fill `case_id` and the case's facts, or return the slot to ask first."""
        actor = self.actor(context)

        def lookup(session: Any) -> list[Case]:
            if values.get(FOUND) is not None:
                case = visible_case(session, actor, int(values[FOUND]))
                return [case] if case else []
            if values.get("pupil"):
                return visible_cases_of_pupil(session, actor, values["pupil"], values.get("group"))
            return repo.cases_of(session, tenant_id=actor.tenant_id, aad_object_id=actor.aad_id)

        cases = await self.services.database.run(lookup)
        if len(cases) == 1 or (cases and values.get("group")):
            values.update(case_values(cases[0]))
            await remember_case(context, cases[0].id)
            return None
        if not cases:
            values[MISSING] = True
            await remember_case(context, None)
            return None
        return self._group if values.get("pupil") else self._pupil

    @property
    def pupil_question(self) -> Slot:
        """«Which pupil?», for a conversation that needs the name before the lookup."""
        return self._pupil

    async def next_slot(self, context: TurnContext, values: dict[str, Any]) -> Slot | None:
        """The case first; once it is known, the conversation's own questions."""
        if not values.get(RESOLVED) and (slot := await self.find_case(context, values)):
            return slot
        if values.get(MISSING):
            return None
        return await self.case_slot(context, values)

    async def finish(self, context: TurnContext, values: dict[str, Any]) -> Any:
        if values.get(MISSING):
            translate = translator(context)
            await say(context, translate("case.not_found", pupil=values.get("pupil", "")))
            return None
        return await self.finish_case(context, values)

    # Hooks -------------------------------------------------------------------------------

    async def case_slot(self, context: TurnContext, values: dict[str, Any]) -> Slot | None:
        """The next question about the found case; None when there is none left."""
        return None

    async def finish_case(self, context: TurnContext, values: dict[str, Any]) -> Any:
        """Done: the case is found (`case_id` and its facts are in `values`)."""
        raise NotImplementedError
