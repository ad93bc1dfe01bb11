"""Erasure on request: a leader deletes everything stored about one pupil (issue 7).

Like the export (dialogs/privacy_export.py) this serves the privacy duties around the guide,
not a step of it. Only leaders; staff are told so and nothing is read.
Entry: intent `delete_records` (`slett opplysningene om Ole i 5B`); slots `pupil`, `group`
(always asked when not given, as for the export), then `records_confirm` (yes/no, asked with
the counts of what will go) and `records_name` (the pupil's first name typed again, so a
misplaced "ja" cannot erase a child's records).
Outcomes: every case of the pupil in the class (open and closed) deleted with its log entries,
deadlines, members, measures and agreements, audited as `privacy.delete` with counts and case
ids only; or nothing found; or "nei" and nothing deleted. Audit events and queued reminders
stay: they hold ids only, and a reminder whose deadline is gone is dropped when it falls due.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from botbuilder.core import TurnContext

from casework.records import counts, erase_records, read_records
from casework.services import Services
from content.parse import yes_no
from dialogs.engine.form import Answer, Invalid, Slot
from dialogs.engine.ids import DialogId
from dialogs.engine.records_form import PupilRecordsForm
from dialogs.engine.replies import say, translator
from dialogs.engine.slots import yes_no_slot

CONFIRM = "records_confirm"
NAME = "records_name"


def name_slot() -> Slot:
    """True when the pupil's name is typed again, False on "nei"; anything else asks again."""

    def parse(answer: Answer, values: Mapping[str, Any]) -> Any:
        typed = answer.text.strip().strip(".!«»\"'").casefold()
        if typed and typed == str(values["pupil"]).casefold():
            return True
        if yes_no(answer.text) is False:
            return False
        return Invalid("records.delete.name_mismatch")

    return Slot(NAME, f"slot.{NAME}.ask", f"slot.{NAME}.retry", parse)


class DeleteRecordsDialog(PupilRecordsForm):
    def __init__(self, services: Services) -> None:
        super().__init__(DialogId.DELETE_RECORDS, services)
        self._confirm = self.slot(yes_no_slot(CONFIRM))
        self._name = self.slot(name_slot())

    async def next_slot(self, context: TurnContext, values: dict[str, Any]) -> Slot | None:
        if (slot := await self.next_pupil_slot(context, values)) is not None:
            return slot
        if "cases" not in values:
            actor = self.actor(context)
            export = await self.services.database.run(
                lambda session: read_records(session, actor, values["pupil"], values["group"])
            )
            # Shown in the question; the delete counts again in its own transaction.
            values.update(counts(export))
        if not values["cases"] or values.get(CONFIRM) is False:
            return None
        return next((slot for slot in (self._confirm, self._name) if slot.name not in values), None)

    async def finish(self, context: TurnContext, values: dict[str, Any]) -> Any:
        translate = translator(context)
        names = {"pupil": values["pupil"], "group": values["group"]}
        if not values["cases"]:
            await say(context, translate("records.none", **names))
            return None
        if not (values.get(CONFIRM) and values.get(NAME)):
            await say(context, translate("records.delete.kept", **names))
            return None
        services, actor = self.services, self.actor(context)
        now = services.clock.now()

        pupil, group = values["pupil"], values["group"]
        activity = context.activity
        own = f"{activity.channel_id}/conversations/{activity.conversation.id}"
        deleted = await services.database.run(
            lambda session: erase_records(session, actor, pupil, group, now, own_state=own)
        )
        await services.database.scrub()
        key = "records.delete.done" if deleted["cases"] else "records.none"
        await say(context, translate(key, **names, **deleted))
        return deleted["cases"]


def delete_records_dialog(services: Services) -> DeleteRecordsDialog:
    return DeleteRecordsDialog(services)
