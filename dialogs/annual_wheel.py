"""What the årshjul (part III, 3.0) says for this month or a named month, and its monthly message.

Entry: intent `annual_wheel`, slot `month` (1–12) optional; without it, this month in the
school's time zone. `årshjul av` / `årshjul på` (the wheel's name plus only "av"/"på") turns
the monthly message off or on instead (the scheduler sends it on each month's first school day).
Outcome: one message with the month's preventive tasks and their tools, or the new setting.
"""

from __future__ import annotations

from typing import Any

from botbuilder.core import TurnContext

from casework.services import Services
from content.answers import month_tasks
from dialogs.engine.form import AnswerDialog
from dialogs.engine.ids import DialogId
from dialogs.engine.replies import say, translator
from dialogs.engine.turn import actor_of, message_text
from storage import repository as repo

WHEEL_WORDS = ("årshjul", "arshjul", "aarshjul")
FILLER = frozenset({"slå", "sla", "skru", "sett", "set", "varsel", "varsling", "påminnelser"})
TURN_ON = frozenset({"på", "pa", "paa", "on"})
TURN_OFF = frozenset({"av", "off"})


def toggle_of(text: str) -> bool | None:
    """True for "årshjul på", False for "årshjulet av", None for anything else."""
    words = [word.strip(".,!?«»\"'") for word in text.lower().split()]
    if not any(word.startswith(WHEEL_WORDS) for word in words):
        return None
    rest = {w for w in words if w and not w.startswith(WHEEL_WORDS)} - FILLER
    if rest and rest <= TURN_ON:
        return True
    if rest and rest <= TURN_OFF:
        return False
    return None


def annual_wheel_dialog(services: Services) -> AnswerDialog:
    async def answer(context: TurnContext, options: dict[str, Any]) -> None:
        translate = translator(context)
        opt_in = toggle_of(message_text(context))
        if opt_in is not None:
            actor, now = actor_of(context), services.clock.now()
            await services.database.run(
                lambda session: repo.set_annual_wheel_opt_in(
                    session,
                    tenant_id=actor.tenant_id,
                    user_aad_id=actor.aad_id,
                    opt_in=opt_in,
                    now=now,
                )
            )
            await say(context, translate("wheel.optin.on" if opt_in else "wheel.optin.off"))
            return
        month = options.get("month")
        if not (isinstance(month, int) and 1 <= month <= 12):
            month = services.school.today().month
        await say(context, month_tasks(services.guide, month, translate))

    return AnswerDialog(DialogId.ANNUAL_WHEEL, answer)
