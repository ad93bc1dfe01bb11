"""Dialogs through botbuilder's TestAdapter: the root dialog as the bot runs it, minus HTTP."""

from __future__ import annotations

from typing import Any

from botbuilder.core import ConversationState, MemoryStorage
from botbuilder.core.adapters import TestAdapter
from botbuilder.dialogs import DialogExtensions
from botbuilder.schema import Activity

from bot.identity import resolve_actor
from casework.services import Services
from dialogs.registry import build_root_dialog


class DialogHarness:
    def __init__(self, services: Services, locale: str = "nb-NO") -> None:
        state = ConversationState(MemoryStorage())
        accessor = state.create_property("DialogState")
        root = build_root_dialog(services)

        async def logic(context: Any) -> None:
            await resolve_actor(context, services)  # as the bot's turn handler does
            await DialogExtensions.run_dialog(root, context, accessor)
            await state.save_changes(context)

        self.adapter = TestAdapter(logic)
        self.locale = locale

    async def say(self, text: str | None = None, value: Any = None) -> list[Activity]:
        activity = Activity(type="message", text=text, value=value, locale=self.locale)
        await self.adapter.receive_activity(activity)
        replies = list(self.adapter.activity_buffer)
        self.adapter.activity_buffer.clear()
        return replies


def buttons(reply: Activity) -> list[str]:
    actions = reply.suggested_actions.actions if reply.suggested_actions else []
    return [action.title for action in actions]
