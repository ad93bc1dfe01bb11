"""What the årshjul (part III, 3.0) says for this month or a named month.

Entry: intent `annual_wheel`, slot `month` (1–12) optional; without it, this month in the
school's time zone. Outcome: one message with the month's preventive tasks and their tools.
"""

from __future__ import annotations

from typing import Any

from botbuilder.core import TurnContext

from content.answers import month_tasks
from dialogs import ids
from dialogs.answers import AnswerDialog
from dialogs.replies import say, translator
from dialogs.services import Services


def annual_wheel_dialog(services: Services) -> AnswerDialog:
    async def answer(context: TurnContext, options: dict[str, Any]) -> None:
        month = options.get("month")
        if not (isinstance(month, int) and 1 <= month <= 12):
            month = services.clock.now().astimezone(services.timezone).month
        await say(context, month_tasks(services.guide, month, translator(context)))

    return AnswerDialog(ids.ANNUAL_WHEEL, answer)
