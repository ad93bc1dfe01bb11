"""Plan the attendance meeting (nærværsmøte, guide 2.5).

Entry: intent `attendance_meeting` («planlegg nærværsmøte for Ole»), slot `pupil`. The case is
found first (owner, co-responsible or a leader). Asks when (a school day ahead, with a time)
and who attends (a default from the guide's advice: the pupil for all or the start, the
guardians, leadership if useful). Outcome: the meeting stored (a new plan replaces an earlier
one), the case owner reminded the school day before (reminder kind `meeting_tomorrow`), and the
2.5 template as the agenda, filled with the pupil's facts, with a button for the minutes.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from botbuilder.core import TurnContext

from casework.meeting import plan_meeting
from casework.services import Services
from content.parse import moment
from content.replies.meeting import MeetingFacts, agenda
from dialogs.engine.case_form import CaseFormDialog
from dialogs.engine.form import Answer, Invalid, Slot
from dialogs.engine.ids import DialogId
from dialogs.engine.replies import say, translator
from dialogs.engine.slots import text_slot
from storage import repository as repo


class PlanMeetingDialog(CaseFormDialog):
    def __init__(self, services: Services) -> None:
        super().__init__(DialogId.PLAN_MEETING, services)
        self._when = self.slot(
            Slot("meeting_when", "slot.meeting_when.ask", "slot.meeting_when.retry", self._parse)
        )
        self._attendees = self.slot(
            text_slot(
                "meeting_attendees",
                lambda t, v: [t("slot.meeting_attendees.default")],
            )
        )

    def _parse(self, answer: Answer, values: Mapping[str, Any]) -> Any:
        school = self.services.school
        found = moment(answer.text, school.today())
        if found is None:
            return None
        day, clock = found
        starts_at = school.at(day, clock)
        if starts_at <= school.now():
            return Invalid("slot.meeting_when.past")
        if not school.is_school_day(day):
            return Invalid("slot.meeting_when.no_school")
        return starts_at.isoformat()

    async def case_slot(self, context: TurnContext, values: dict[str, Any]) -> Slot | None:
        for slot in (self._when, self._attendees):
            if slot.name not in values:
                return slot
        return None

    async def finish_case(self, context: TurnContext, values: dict[str, Any]) -> Any:
        services, actor, translate = self.services, self.actor(context), translator(context)
        now = services.clock.now()
        case_id = int(values["case_id"])
        starts_at = datetime.fromisoformat(values["meeting_when"])
        attendees = values["meeting_attendees"]

        def save(session: Any) -> tuple[str, ...]:
            plan_meeting(session, actor, services.school, case_id, starts_at, attendees, now)
            measures = repo.measures(session, tenant_id=actor.tenant_id, case_id=case_id)
            return tuple(m.description for m in measures if m.status in ("active", "continued"))

        measures = await services.database.run(save)
        facts = MeetingFacts(
            pupil=values["pupil"],
            group=values["group"],
            level=int(values["current_level"]),
            criteria=tuple(values.get("criteria") or ()),
            measures=measures,
        )
        local = services.school.local(starts_at)
        text = agenda(services.guide, facts, local, attendees, translate)
        reminder = services.school.previous_school_day(local.date())
        text += "\n\n" + translate("meeting.planned", day=translate.short_day(reminder))
        await say(context, text, [translate("meeting.minutes_value", **values)])
        return case_id


def plan_meeting_dialog(services: Services) -> PlanMeetingDialog:
    return PlanMeetingDialog(services)
