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
from dialogs.engine.turn import actor_of


def _calendar_note(services: Services, context: TurnContext) -> str:
    """Leaders are told at the start when the school's holidays are not entered (issue 14)."""
    if services.school.has_calendar or not actor_of(context).is_leader:
        return ""
    return "\n\n" + translator(context)("triage.calendar.missing.leaders")


async def answer_help(context: TurnContext, options: dict[str, Any]) -> None:
    translate = translator(context)
    names = ("report", "ladder", "procedure", "templates", "wheel")
    buttons = [translate(f"button.{name}.value") for name in names]
    await say(context, translate("help.text") + options.get("_note", ""), buttons)


async def answer_greeting(context: TurnContext, options: dict[str, Any]) -> None:
    translate = translator(context)
    text = translate("greeting.text") + options.get("_note", "")
    await say(context, text, suggestions(translate))


def help_dialog(services: Services) -> AnswerDialog:
    async def answer(context: TurnContext, options: dict[str, Any]) -> None:
        await answer_help(context, {**options, "_note": _calendar_note(services, context)})

    return AnswerDialog(DialogId.HELP, answer)


def greeting_dialog(services: Services) -> AnswerDialog:
    async def answer(context: TurnContext, options: dict[str, Any]) -> None:
        await answer_greeting(context, {**options, "_note": _calendar_note(services, context)})

    return AnswerDialog(DialogId.GREETING, answer)
