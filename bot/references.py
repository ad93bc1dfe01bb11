"""Remember where each member of staff can be reached, for messages the bot starts itself.

A botbuilder middleware: every message or install event in a personal chat carries the
conversation reference a reminder needs later. It is written to the database (not a dict in
memory, which a restart would lose), but only when new or changed: a fingerprint of the last
reference written per user is kept in a bounded in-process map, so a normal turn costs no write.
Group chats and channels are never stored: a pupil's reminder must not land in a team channel.
Removing the app (installationUpdate "remove", or the bot leaving a conversation) marks the
user uninstalled, so the scheduler stops sending to them and tells the leaders instead.
"""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

from botbuilder.core import Middleware, TurnContext
from botbuilder.schema import ActivityTypes
from sqlmodel import Session

from bot.fastpath.wire import model_to_json
from bot.identity import tenant_of
from bot.scope import is_personal
from content.clock import Clock
from storage import repository as repo
from storage.db import Database

MAX_REMEMBERED = 10_000
INSTALL_ACTIONS = ("add", "add-upgrade")
REMOVE_ACTIONS = ("remove", "remove-upgrade")


def reference_of(context: TurnContext) -> dict[str, Any]:
    """The activity's conversation reference, without the id of this one message."""
    reference = model_to_json(TurnContext.get_conversation_reference(context.activity))
    reference.pop("activityId", None)
    return reference


def fingerprint(reference: dict[str, Any], locale: str, name: str) -> str:
    payload = json.dumps([reference, locale, name], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class ConversationReferences(Middleware):
    def __init__(self, database: Database, clock: Clock) -> None:
        self._database = database
        self._clock = clock
        self._known: OrderedDict[tuple[str, str], str] = OrderedDict()

    async def on_turn(self, context: TurnContext, logic: Callable[[], Awaitable[None]]) -> None:
        await self.observe(context)
        await logic()

    async def observe(self, context: TurnContext) -> None:
        activity = context.activity
        user = activity.from_property
        conversation = activity.conversation
        if user is None or conversation is None:
            return
        if not is_personal(activity):
            return  # a channel thread without conversationType is shared too (bot/scope.py)
        key = (tenant_of(context), user.aad_object_id or user.id)
        if _removes_bot(context):
            self._known.pop(key, None)
            await self._mark_uninstalled(*key)
        elif activity.type == ActivityTypes.message or _installs_bot(context):
            await self._remember(context, key, force=activity.type != ActivityTypes.message)

    async def _remember(self, context: TurnContext, key: tuple[str, str], *, force: bool) -> None:
        activity = context.activity
        reference = reference_of(context)
        locale, name = activity.locale or "nb-NO", activity.from_property.name or ""
        mark = fingerprint(reference, locale, name)
        if not force and self._known.get(key) == mark:
            self._known.move_to_end(key)
            return
        tenant_id, user_aad_id = key
        now = self._clock.now()

        def save(session: Session) -> None:
            stored = repo.stored_reference(session, tenant_id=tenant_id, user_aad_id=user_aad_id)
            if not force and stored is not None and _same(stored, mark):
                return
            repo.save_conversation_reference(
                session,
                tenant_id=tenant_id,
                user_aad_id=user_aad_id,
                reference=reference,
                locale=locale,
                display_name=name,
                now=now,
            )

        await self._database.run(save)
        self._known[key] = mark
        if len(self._known) > MAX_REMEMBERED:
            self._known.popitem(last=False)

    async def _mark_uninstalled(self, tenant_id: str, user_aad_id: str) -> None:
        now = self._clock.now()
        await self._database.run(
            lambda session: repo.mark_uninstalled(
                session, tenant_id=tenant_id, user_aad_id=user_aad_id, now=now
            )
        )


def _same(stored: tuple[dict[str, Any], str, str, bool], mark: str) -> bool:
    """Installed, and reached at the same reference, locale and name."""
    reference, locale, name, installed = stored
    return installed and fingerprint(reference, locale, name) == mark


def _installs_bot(context: TurnContext) -> bool:
    return _bot_change(context, INSTALL_ACTIONS, context.activity.members_added)


def _removes_bot(context: TurnContext) -> bool:
    return _bot_change(context, REMOVE_ACTIONS, context.activity.members_removed)


def _bot_change(context: TurnContext, actions: tuple[str, ...], members: Any) -> bool:
    """An installationUpdate with one of `actions`, or a conversationUpdate whose `members`
    (added or removed) include the bot."""
    activity = context.activity
    if activity.type == ActivityTypes.installation_update:
        return activity.action in actions
    if activity.type == ActivityTypes.conversation_update:
        return _names_bot(context, members)
    return False


def _names_bot(context: TurnContext, members: Any) -> bool:
    bot_id = context.activity.recipient.id if context.activity.recipient else None
    return any(member.id == bot_id for member in members or [])
