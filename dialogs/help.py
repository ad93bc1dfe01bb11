"""`hjelp` and greetings: what the bot can do, with buttons for the common starts.

Entry: intents `help` and `greeting`. No slots. Outcome: one message with suggested actions.
"""

from __future__ import annotations

from typing import Any

from botbuilder.core import TurnContext

from casework.services import Services
from dialogs.engine.form import AnswerDialog
from dialogs.engine.ids import DialogId
from dialogs.engine.replies import say, suggestions, translator


async def answer_help(context: TurnContext, options: dict[str, Any]) -> None:
    translate = translator(context)
    buttons = [
        (translate("button.report"), translate("button.report.value")),
        (translate("button.ladder"), translate("button.ladder.value")),
        (translate("button.procedure"), translate("button.procedure.value")),
        (translate("button.templates"), translate("button.templates.value")),
        (translate("button.wheel"), translate("button.wheel.value")),
    ]
    await say(context, translate("help.text"), buttons)


async def answer_greeting(context: TurnContext, options: dict[str, Any]) -> None:
    translate = translator(context)
    await say(context, translate("greeting.text"), suggestions(translate))


def help_dialog(services: Services) -> AnswerDialog:
    return AnswerDialog(DialogId.HELP, answer_help)


def greeting_dialog(services: Services) -> AnswerDialog:
    return AnswerDialog(DialogId.GREETING, answer_greeting)
