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
from dialogs.engine.replies import from_execute, replace_card, say, translator
from dialogs.engine.turn import actor_of
from reminders.actions import Found, complete, postpone
from reminders.compose import due_text, used_reminder_card


def _facts(translate: Translator, found: Found) -> dict[str, str]:
    return {
        "what": translate(f"deadline.{found.deadline.kind}"),
        "pupil": found.case.pupil_name,
        "group": found.case.group_name,
    }


async def _card_says(
    context: TurnContext, translate: Translator, found: Found, status: str
) -> bool:
    """The pressed reminder card becomes its status; True when that is the whole answer (an
    Action.Execute). From an Action.Submit the card is replaced where the client allows it,
    and the chat says it too, in case it does not."""
    replace_card(context, used_reminder_card(translate, found.case, found.deadline, status))
    return from_execute(context)


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
        day, time = (
            translate.short_day(morning.date()),
            translate.clock(services.school.reminder_time),
        )
        status = translate("cards.reminder.postponed_to", day=day, time=time)
        if await _card_says(context, translate, result, status):
            return
        due = due_text(translate, result.deadline.due_at, services.school)
        await say(context, translate("reminder.postponed", day=day, time=time, due=due))

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
        clock = translate.clock(services.school.local(now).time().replace(second=0, microsecond=0))
        status = translate("cards.reminder.done_by", name=actor.name, time=clock)
        if await _card_says(context, translate, result, status):
            return
        day = translate.short_day(services.school.today(now))
        await say(
            context,
            translate("reminder.completed", name=actor.name, day=day, **_facts(translate, result)),
        )

    return AnswerDialog(DialogId.COMPLETE_DEADLINE, answer)
