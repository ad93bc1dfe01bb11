"""Conversation state that is serialised once per turn, not four times.

botbuilder's BotState detects changes by flattening the whole state with jsonpickle when it
is loaded, when it is checked and after it is saved, and the storage encodes it once more to
write it: in the benchmark that was the largest single cost of a turn. Here the document as
read from the database is the "hash", and a turn encodes its state exactly once, to compare
and, if it changed, to write. Writes keep the ETag check: a turn that lost a race to another
instance raises `StateConflict` instead of overwriting it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from botbuilder.core import ConversationState, TurnContext
from botbuilder.core.bot_state import CachedBotState

from bot.fastpath.state_codec import UndecodableState
from bot.state_store import SqlStorage, decode_state, encode_state
from storage.dialect import Executor

ETAG = "e_tag"
# Set in the turn state when the stored document could not be read and was started afresh.
STATE_LOST = "naervaer.state_lost"


class _Cached(CachedBotState):
    def __init__(self, state: dict[str, Any], document: str) -> None:
        self.state = state
        self.hash = document

    def compute_hash(self, obj: object) -> str:
        return encode_state(obj)


class SqlConversationState(ConversationState):
    def __init__(self, storage: SqlStorage) -> None:
        super().__init__(storage)
        self._sql = storage

    def seed(self, turn_context: TurnContext, found: tuple[str, str] | None) -> None:
        """Cache a document the turn already read (in its first transaction). One that cannot
        be decoded is replaced by a fresh state (keeping its etag, so the turn's write replaces
        it) instead of failing this and every later turn, `avbryt` included."""
        if found is None:
            state, document = {}, ""
        else:
            try:
                state, document = decode_state(*found), found[0]
            except UndecodableState:
                state, document = {ETAG: found[1]}, ""
                turn_context.turn_state[STATE_LOST] = True
        turn_context.turn_state[self._context_service_key] = _Cached(state, document)

    async def load(self, turn_context: TurnContext, force: bool = False) -> None:
        # Unlike botbuilder's, an empty cached state is not re-read: it is a new conversation.
        if force or self.get_cached_state(turn_context) is None:
            found = await self._sql.read_document(self.get_storage_key(turn_context))
            self.seed(turn_context, found)

    async def save_changes(
        self,
        turn_context: TurnContext,
        force: bool = False,
        also: Callable[[Executor], None] | None = None,
    ) -> bool:
        """Write the state if it changed; `also` runs in the same transaction. True if written."""
        cached = self.get_cached_state(turn_context)
        if cached is None:
            return False
        document = encode_state(cached.state)
        if not force and document == cached.hash:
            return False
        key = self.get_storage_key(turn_context)
        etag = await self._sql.write_document(key, document, cached.state.get(ETAG), also=also)
        cached.state[ETAG] = etag
        cached.hash = document
        return True
