"""`my_agenda` and `set_language` (issue 16) until their conversations exist (the Teams-native
issue builds them): a short honest answer, so the recognizer's new intents never fall through
to «Det forsto jeg ikke».

Entry: intents `my_agenda` («hva må jeg gjøre i dag?», entity `period`) and `set_language`
(«svar på nynorsk», entity `language`). No slots. Outcome: one message; nothing is stored.
To replace one: point its row in dialogs/registry.py at the real conversation and delete the
factory here.
"""

from __future__ import annotations

from typing import Any

from botbuilder.core import TurnContext

from casework.services import Services
from dialogs.engine.clarify import main_task_buttons
from dialogs.engine.form import AnswerDialog
from dialogs.engine.ids import DialogId
from dialogs.engine.replies import say, translator


async def answer_agenda(context: TurnContext, options: dict[str, Any]) -> None:
    translate = translator(context)
    await say(context, translate("agenda.not_yet"), main_task_buttons(translate))


async def answer_language(context: TurnContext, options: dict[str, Any]) -> None:
    await say(context, translator(context)("language.not_yet"))


def my_agenda_dialog(services: Services) -> AnswerDialog:
    return AnswerDialog(DialogId.MY_AGENDA, answer_agenda)


def set_language_dialog(services: Services) -> AnswerDialog:
    return AnswerDialog(DialogId.SET_LANGUAGE, answer_language)
