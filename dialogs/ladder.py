"""Explain the ladder (tiltakstrappa, guide 1.3): the overview, or what one level requires.

Entry: intent `explain_ladder`, slot `level` (0–3) optional. No questions asked: without a
level the overview is shown with a button per level. Outcome: one message; nothing stored.
"""

from __future__ import annotations

from typing import Any

from botbuilder.core import TurnContext

from content.answers import ladder_overview, level_details
from dialogs import ids
from dialogs.answers import AnswerDialog
from dialogs.replies import say, translator
from dialogs.services import Services


def explain_ladder_dialog(services: Services) -> AnswerDialog:
    async def answer(context: TurnContext, options: dict[str, Any]) -> None:
        translate = translator(context)
        level = options.get("level")
        if isinstance(level, int) and 0 <= level <= 3:
            await say(context, level_details(services.guide, level, translate))
            return
        buttons = [
            (translate("ladder.button", level=n), translate("ladder.button.value", level=n))
            for n in range(4)
        ]
        await say(context, ladder_overview(services.guide, translate), buttons)

    return AnswerDialog(ids.EXPLAIN_LADDER, answer)
