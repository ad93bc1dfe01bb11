"""The activity handler: runs one turn of the root dialog and saves conversation state.

Turns of one conversation run one after the other (a double-clicked card button or a retried
delivery must not race the dialog state), and an activity id that was already processed is
acknowledged without running again.
"""

from __future__ import annotations

import asyncio
import weakref

from botbuilder.core import ActivityHandler, ConversationState, TurnContext
from botbuilder.dialogs import Dialog, DialogExtensions
from botbuilder.schema import ChannelAccount

from dialogs.welcome import send_welcome

WELCOMED = "welcomed"


class ConversationLocks:
    """One lock per conversation id, forgotten when no turn holds it."""

    def __init__(self) -> None:
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()

    def get(self, conversation_id: str) -> asyncio.Lock:
        lock = self._locks.get(conversation_id)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[conversation_id] = lock
        return lock


class NaervaerBot(ActivityHandler):
    def __init__(self, conversation_state: ConversationState, root_dialog: Dialog) -> None:
        self._conversation_state = conversation_state
        self._root_dialog = root_dialog
        self._dialog_state = conversation_state.create_property("DialogState")
        self._welcomed = conversation_state.create_property(WELCOMED)
        self._locks = ConversationLocks()

    async def on_turn(self, turn_context: TurnContext) -> None:
        conversation_id = turn_context.activity.conversation.id
        async with self._locks.get(conversation_id):
            await super().on_turn(turn_context)
            await self._conversation_state.save_changes(turn_context)

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        await DialogExtensions.run_dialog(self._root_dialog, turn_context, self._dialog_state)

    async def on_members_added_activity(
        self, members_added: list[ChannelAccount], turn_context: TurnContext
    ) -> None:
        await self._welcome_once(turn_context)

    async def on_installation_update_add(self, turn_context: TurnContext) -> None:
        await self._welcome_once(turn_context)

    async def _welcome_once(self, turn_context: TurnContext) -> None:
        # Teams sends both installationUpdate and conversationUpdate on install: greet once.
        if await self._welcomed.get(turn_context, False):
            return
        await self._welcomed.set(turn_context, True)
        await send_welcome(turn_context)
