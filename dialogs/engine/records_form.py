"""The start shared by the access and erasure requests: leaders only, then the pupil's first
name and class (always asked: several pupils may share a first name, and a request must cover
exactly one child; the classes of open cases with that name are offered as buttons)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from botbuilder.core import TurnContext
from sqlmodel import Session

from casework.access import Actor
from casework.services import Services
from content.i18n import Translator
from dialogs.engine.form import FormDialog, Slot
from dialogs.engine.replies import leader_or_refuse
from dialogs.engine.slots import group_slot, pupil_slot
from dialogs.engine.turn import actor_of
from storage import repository as repo

# The classes of open cases with the pupil's name, offered as buttons; "_": never from options.
CLASSES = "_classes"


class PupilRecordsForm(FormDialog):
    """Leaders only; asks the pupil's first name and class, whatever the request."""

    def __init__(self, dialog_id: str, services: Services) -> None:
        super().__init__(dialog_id)
        self.services = services
        self._pupil = self.slot(pupil_slot(services.recognizer, "slot.case_pupil.ask"))
        self._group = self.slot(
            replace(group_slot(services.recognizer), ask="records.group.ask", buttons=_classes)
        )

    def actor(self, context: TurnContext) -> Actor:
        return actor_of(context)

    async def prepare(self, context: TurnContext, values: dict[str, Any]) -> bool:
        # Only what a message names is taken: a replayed payload cannot pre-confirm a delete.
        for key in set(values) - {"pupil", "group"}:
            del values[key]
        leader = await leader_or_refuse(context, self.actor(context), "records.only_leaders")
        return leader is not None

    async def next_pupil_slot(self, context: TurnContext, values: dict[str, Any]) -> Slot | None:
        """Call first in `next_slot`: the name, then the class, then None."""
        if not values.get("pupil"):
            return self._pupil
        if values.get("group"):
            return None
        actor, pupil = self.actor(context), values["pupil"]

        def open_classes(session: Session) -> list[str]:
            found = repo.find_cases_by_pupil(session, tenant_id=actor.tenant_id, pupil_name=pupil)
            return sorted({case.group_name for case in found})

        values[CLASSES] = await self.services.database.run(open_classes)
        return self._group


def _classes(translate: Translator, values: Mapping[str, Any]) -> list[str]:
    return list(values.get(CLASSES, []))
