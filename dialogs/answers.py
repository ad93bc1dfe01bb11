"""Conversations that answer in one turn and end: help, greeting, explanations, templates.

Each is a `ComponentDialog` with one waterfall step so that it routes, nests and cancels like
every other conversation, and so a later conversation can grow into more steps without a new id.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.dialogs import (
    ComponentDialog,
    DialogTurnResult,
    WaterfallDialog,
    WaterfallStepContext,
)

Answer = Callable[[TurnContext, dict[str, Any]], Awaitable[None]]


class AnswerDialog(ComponentDialog):
    def __init__(self, dialog_id: str, answer: Answer) -> None:
        super().__init__(dialog_id)
        self._answer = answer
        self.add_dialog(WaterfallDialog(f"{dialog_id}.answer", [self.reply]))
        self.initial_dialog_id = f"{dialog_id}.answer"

    async def reply(self, step: WaterfallStepContext) -> DialogTurnResult:
        await self._answer(step.context, dict(step.options or {}))
        return await step.end_dialog()
