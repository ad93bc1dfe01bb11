"""The reminder card's buttons: "Utsett til i morgen" and "Ferdig" (guide 1.3's time limits).

Entry: a card submit `{"intent": "postpone_reminder" | "complete_deadline", "deadline_id"}`
("Gjør det nå" starts the matching conversation itself: log contact, evaluate, report to
leadership). No slots. What the buttons do is reminders/actions.py: only a deadline of a case
the user may see is touched, anything else (a replayed payload with another case's deadline id
included) is answered "not found". Outcomes: postpone says when the reminder comes again and that
the deadline stands; done says who closed it and when.
"""

from __future__ import annotations

from typing import Any

from botbuilder.core import TurnContext

from casework.services import Services
from content.i18n import Translator
from dialogs.engine.form import AnswerDialog
from dialogs.engine.ids import DialogId
from dialogs.engine.replies import say, translator
from dialogs.engine.turn import actor_of
from reminders.actions import Found, complete, postpone
from reminders.compose import due_text


def _facts(translate: Translator, found: Found) -> dict[str, str]:
    return {
        "what": translate(f"deadline.{found.deadline.kind}"),
        "pupil": found.case.pupil_name,
        "group": found.case.group_name,
    }


def postpone_reminder_dialog(services: Services) -> AnswerDialog:
    async def answer(context: TurnContext, options: dict[str, Any]) -> None:
        translate, actor = translator(context), actor_of(context)
        now = services.clock.now()
        morning = services.school.next_morning(now)
        result = await services.database.run(
            lambda s: postpone(s, actor, options.get("deadline_id"), morning, now)
        )
        if isinstance(result, str):
            await say(context, translate(result))
            return
        text = translate(
            "reminder.postponed",
            day=translate.short_day(morning.date()),
            time=translate.clock(services.school.reminder_time),
            due=due_text(translate, result.deadline.due_at, services.school),
        )
        await say(context, text)

    return AnswerDialog(DialogId.POSTPONE_REMINDER, answer)


def complete_deadline_dialog(services: Services) -> AnswerDialog:
    async def answer(context: TurnContext, options: dict[str, Any]) -> None:
        translate, actor = translator(context), actor_of(context)
        now = services.clock.now()
        result = await services.database.run(
            lambda s: complete(s, actor, options.get("deadline_id"), now)
        )
        if isinstance(result, str):
            await say(context, translate(result))
            return
        day = translate.short_day(services.school.today(now))
        await say(
            context,
            translate("reminder.completed", name=actor.name, day=day, **_facts(translate, result)),
        )

    return AnswerDialog(DialogId.COMPLETE_DEADLINE, answer)
