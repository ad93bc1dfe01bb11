"""The activity handler: runs one turn of the root dialog and saves conversation state.

Turns of one conversation run one after the other (a double-clicked card button or a retried
delivery must not race the dialog state), and an activity id that was already processed is
acknowledged without running again.

The delivery is marked processed *when its effects are committed*: in the transaction that
writes the turn's dialog state (or, when the state did not change, one of its own at the end).
A turn that failed half-way (a crash, the database, a refused reply) is therefore run again when
Teams retries it. What it had already written is not written twice: every record a conversation
writes carries the idempotency key of the user action (dialogs/engine/form.py), and the key
lives in the dialog state that is only saved with the mark.
"""

from __future__ import annotations

import asyncio
import hashlib
import itertools
import time
import uuid
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from botbuilder.core import ActivityHandler, InvokeResponse, TurnContext
from botbuilder.dialogs import Dialog
from botbuilder.schema import ActivityTypes, ChannelAccount

from bot.attachments import TooLarge, download, sent_file
from bot.fastpath.dialog_run import run_dialog
from bot.fastpath.state import STATE_LOST, SqlConversationState
from bot.identity import identity_of, resolve_actor
from bot.proactive import open_personal_chat
from bot.schools import school_turn
from bot.scope import is_personal, names_bot
from bot.universal_actions import (
    ScratchState,
    execute_data,
    run_as_message,
    update_pressed_card,
)
from casework.absence import ErrorCode, ImportProblem
from casework.absence.reader import MAX_BYTES
from casework.actors import read_seen
from casework.school_time import at_school
from casework.services import Services
from content.i18n import LANGUAGE_KEY
from dialogs.absence_import import answer_upload
from dialogs.engine.last_case import LAST_CASE
from dialogs.engine.last_case import PROPERTY as LAST_CASE_PROPERTY
from dialogs.engine.replies import REFRESH, show_typing, tell_state_lost, text_reply, translator
from dialogs.welcome import send_personal_hello, send_shared_chat_notice, send_welcome
from storage import repository as repo
from storage.bot_state import read_document
from storage.dialect import Executor
from storage.errors import ConversationBusy
from storage.leases import acquire_turn_lease, release_turn_lease
from storage.schools import school_of_scope

WELCOMED = "welcomed"
# What the turn's first transaction read about the user as a leader, for `resolve_actor`.
SEEN_KEY = "naervaer.seen"
# A turn normally takes well under a second; the lease outlives a stuck one by far, and a
# message that waits longer than Teams' own patience (15 s) is better retried by the channel.
LEASE_TTL = timedelta(seconds=20)
LEASE_WAIT_S = 10.0
LEASE_POLL_S = 0.02
MAX_MARKER_KEY = 255


def marker_key(value: str) -> str:
    """Ids go into a 255-character key column; anything longer or unprintable is hashed."""
    if len(value) <= MAX_MARKER_KEY and value.isprintable():
        return value
    return "sha256:" + hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()


def _message_id(turn_context: TurnContext) -> str | None:
    activity = turn_context.activity
    if activity.type == ActivityTypes.message and isinstance(activity.id, str) and activity.id:
        return marker_key(activity.id)
    return None


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


@dataclass(frozen=True)
class TurnStart:
    busy: bool = False
    duplicate: bool = False
    state: tuple[str, str] | None = None
    seen: Any = None


def release(executor: Executor, lease: tuple[str, str]) -> None:
    release_turn_lease(executor, key=lease[0], holder=lease[1])


class NaervaerBot(ActivityHandler):
    def __init__(
        self,
        conversation_state: SqlConversationState,
        root_dialog: Dialog,
        *,
        services: Services,
        shared: bool,
        app_id: str = "",
    ) -> None:
        """`shared`: other instances serve the same database, so turns take a lease (one turn
        of a conversation at a time across instances); alone, the in-process lock does it."""
        self._conversation_state = conversation_state
        self._root_dialog = root_dialog
        self._dialog_state = conversation_state.create_property("DialogState")
        self._welcomed = conversation_state.create_property(WELCOMED)
        self._last_case = conversation_state.create_property(LAST_CASE_PROPERTY)
        self._locks = ConversationLocks()
        self._services = services
        self._database = services.database
        self._clock = services.clock
        self._shared = shared
        self._app_id = app_id
        self._holder = uuid.uuid4().hex[:12]  # this process, in lease rows
        self._turns = itertools.count(1)

    async def on_turn(self, turn_context: TurnContext) -> None:
        conversation_id = turn_context.activity.conversation.id
        async with self._locks.get(conversation_id):
            lease = (marker_key(conversation_id), f"{self._holder}-{next(self._turns):x}")
            start = await self._open(turn_context, lease)
            released = not self._shared
            try:
                if start.duplicate:
                    return
                self._conversation_state.seed(turn_context, start.state)
                turn_context.turn_state[SEEN_KEY] = start.seen
                await super().on_turn(turn_context)
                mark = self._marker(turn_context, lease[0])

                def commit(executor: Executor) -> None:
                    mark(executor)
                    if self._shared:
                        release(executor, lease)

                written = await self._conversation_state.save_changes(turn_context, also=commit)
                if not written:
                    await self._database.run_statements(commit)
                released = True
            finally:
                if not released:
                    await self._database.run_statements(
                        lambda connection: release(connection, lease)
                    )

    async def _open(self, turn_context: TurnContext, lease: tuple[str, str]) -> TurnStart:
        """The turn's first transaction, retried while another instance holds the lease."""
        deadline = time.monotonic() + LEASE_WAIT_S
        while True:
            start = await self._database.run_statements(
                lambda connection: self._start(connection, turn_context, lease)
            )
            if not start.busy:
                return start
            if time.monotonic() > deadline:
                raise ConversationBusy("another instance is still running this conversation")
            await asyncio.sleep(LEASE_POLL_S)

    def _start(
        self, connection: Executor, turn_context: TurnContext, lease: tuple[str, str]
    ) -> TurnStart:
        """Everything a turn needs up front, in one transaction: the conversation's lease (one
        turn at a time across instances), the delivery mark, the dialog state and what is known
        of the user. The turn then writes its records (if any), and its state together with
        the lease's release at the end: three round trips for a typical turn."""
        key, holder = lease
        now = self._clock.now()
        if self._shared and not acquire_turn_lease(
            connection, key=key, holder=holder, now=now, ttl=LEASE_TTL
        ):
            return TurnStart(busy=True)
        activity_id = _message_id(turn_context)
        if activity_id is not None and repo.activity_processed(
            connection, conversation_id=key, activity_id=activity_id
        ):
            return TurnStart(duplicate=True)
        state_key = self._conversation_state.get_storage_key(turn_context)
        return TurnStart(
            state=read_document(connection, state_key),
            seen=read_seen(connection, identity_of(turn_context)),
        )

    def _marker(self, turn_context: TurnContext, key: str) -> Callable[[Executor], None]:
        """Marks this turn's activity processed, in the caller's (the state write's) transaction."""
        activity_id, now = _message_id(turn_context), self._clock.now()

        def mark(executor: Executor) -> None:
            if activity_id is not None:
                repo.mark_activity_processed(
                    executor, conversation_id=key, activity_id=activity_id, at=now
                )

        return mark

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        seen = turn_context.turn_state.get(SEEN_KEY)
        turn_context.turn_state[LANGUAGE_KEY] = self._services.language.choose(
            turn_context.activity.locale, getattr(seen, "language", None)
        )
        if not is_personal(turn_context.activity):
            # No dialog runs here, so nothing is asked, shown or stored about a pupil.
            opened = await open_personal_chat(turn_context, self._app_id, send_personal_hello)
            await send_shared_chat_notice(turn_context, opened=opened)
            return
        if turn_context.turn_state.get(STATE_LOST):
            await tell_state_lost(turn_context)
        if self._services.schools.configured:
            placed = await school_turn(turn_context, self._services)
            if placed is None:
                return
            with at_school(school_of_scope(placed.actor.tenant_id) if placed.actor else None):
                await self._converse(turn_context)
            return
        await resolve_actor(turn_context, self._services, seen)
        await self._converse(turn_context)

    async def _converse(self, turn_context: TurnContext) -> None:
        """A file sent in the chat, or the dialogs; the actor (and school) already resolved."""
        sent = sent_file(turn_context.activity)
        if sent is not None:
            await self._absence_file(turn_context, sent.url, sent.name)
            return
        refresh = turn_context.turn_state.get(REFRESH) is True
        state = ScratchState() if refresh else self._dialog_state
        if not refresh:  # a refresh runs outside the conversation, so it changes nothing of it
            turn_context.turn_state[LAST_CASE] = self._last_case
        await run_dialog(self._root_dialog, turn_context, state)
        await update_pressed_card(turn_context)

    async def _absence_file(self, turn_context: TurnContext, url: str, name: str) -> None:
        """A file in the personal chat is an absence export (issue 17): read in memory, shown,
        dropped. The dialog in progress, if any, is left as it was."""
        translate = translator(turn_context)
        await show_typing(turn_context)
        try:
            data = await download(url, MAX_BYTES)
        except TooLarge:
            limit = f"{MAX_BYTES // (1024 * 1024)}"
            problem = ImportProblem(
                ErrorCode.TOO_LARGE, {"size_mb": f"> {limit}", "limit_mb": limit}
            )
            await turn_context.send_activity(text_reply(problem.message(translate)))
            return
        if data is None:
            await turn_context.send_activity(text_reply(translate("absence.download_failed")))
            return
        await answer_upload(turn_context, self._services, data, name)

    async def on_invoke_activity(self, turn_context: TurnContext) -> InvokeResponse:
        """A card's Action.Execute runs as its Action.Submit would (bot/universal_actions.py)
        and answers with the updated card; any other invoke gets a plain 200 rather than the
        SDK's 501, so no client action ever sees a server error from this bot."""
        data = execute_data(turn_context.activity)
        if data is None:
            return InvokeResponse(status=200)
        body = await run_as_message(turn_context, data, self.on_message_activity)
        return InvokeResponse(status=200, body=body)

    async def on_members_added_activity(
        self, members_added: list[ChannelAccount], turn_context: TurnContext
    ) -> None:
        # Someone else joining a chat the bot is in is not a reason to speak.
        if names_bot(turn_context.activity, members_added):
            await self._welcome_once(turn_context)

    async def on_installation_update_add(self, turn_context: TurnContext) -> None:
        await self._welcome_once(turn_context)

    async def _welcome_once(self, turn_context: TurnContext) -> None:
        # Teams sends both installationUpdate and conversationUpdate on install: greet once.
        if await self._welcomed.get(turn_context, False):
            return
        await self._welcomed.set(turn_context, True)
        if is_personal(turn_context.activity):
            await send_welcome(turn_context)
        else:
            await send_shared_chat_notice(turn_context, opened=False)
