"""Explain the daily absence procedure (fraværsprosedyre, guide 1.2): the 8 steps, what, when, who.

Entry: intent `explain_procedure`. No slots. Outcome: two short messages (the fixed routine,
then what to do when there is absence) so each fits a phone screen; nothing stored.
"""

from __future__ import annotations

from typing import Any

from botbuilder.core import TurnContext

from casework.services import Services
from content.answers import procedure_parts
from dialogs.engine.form import AnswerDialog
from dialogs.engine.ids import DialogId
from dialogs.engine.replies import say, translator


def explain_procedure_dialog(services: Services) -> AnswerDialog:
    async def answer(context: TurnContext, options: dict[str, Any]) -> None:
        for part in procedure_parts(services.guide, translator(context)):
            await say(context, part)

    return AnswerDialog(DialogId.EXPLAIN_PROCEDURE, answer)
