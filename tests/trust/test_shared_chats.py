"""Pupil data only in personal chats (issue 13, item 5), replayed with the shapes Teams posts
for a team channel, a group chat, a meeting chat and a channel thread without
`conversationType`: no pupil in any reply, no case or reference stored, one short line, and
one personal chat started with the user who wrote."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from content.i18n import Translator
from devkit.local_channel import BOT_ID, TENANT_ID, User, as_shown
from tests.harness import RunningBot
from tests.scenarios.records import cases

NB = Translator("nb")
KARI = User("aad-kari", "Kari Lærer")
MENTION = "<at>Nærværsløftet</at>"
THREAD = "19:3f6c1c0f2d2b4c0f9f8a1d7e5c4b3a21@thread.tacv2"


def mention() -> list[dict[str, Any]]:
    return [
        {
            "type": "mention",
            "text": MENTION,
            "mentioned": {"id": BOT_ID, "name": "Nærværsløftet"},
        }
    ]


SCOPES: dict[str, dict[str, Any]] = {
    "channel": {
        "conversation": {
            "isGroup": True,
            "conversationType": "channel",
            "id": f"{THREAD};messageid=1764669600000",
            "name": "Trinn 5",
            "tenantId": TENANT_ID,
        },
        "channelData": {
            "teamsChannelId": THREAD,
            "teamsTeamId": "19:team0000@thread.tacv2",
            "channel": {"id": THREAD},
            "team": {"id": "19:team0000@thread.tacv2"},
            "tenant": {"id": TENANT_ID},
        },
        "entities": mention(),
    },
    "groupChat": {
        "conversation": {
            "isGroup": True,
            "conversationType": "groupChat",
            "id": "19:a1b2c3d4e5f60718293a4b5c6d7e8f90@thread.v2",
            "tenantId": TENANT_ID,
        },
        "channelData": {"tenant": {"id": TENANT_ID}},
        "entities": mention(),
    },
    "meeting": {
        "conversation": {
            "isGroup": True,
            "conversationType": "groupChat",
            "id": "19:meeting_ZjQ5MmQ0ZDgtYmU0Ny00@thread.v2",
            "tenantId": TENANT_ID,
        },
        "channelData": {
            "tenant": {"id": TENANT_ID},
            "meeting": {"id": "MCMxOTptZWV0aW5nX1pqUTU"},
        },
        "entities": mention(),
    },
    "thread-without-type": {
        "conversation": {"isGroup": True, "id": f"{THREAD};messageid=1764669600001"},
        "channelData": {"channel": {"id": THREAD}, "tenant": {"id": TENANT_ID}},
        "entities": mention(),
    },
}


def shared(bot: RunningBot, scope: str, user: User = KARI, **fields: Any) -> dict[str, Any]:
    activity = bot.channel.activity(user, **SCOPES[scope])
    activity.update(fields)
    return activity


def references(database_url: str) -> int:
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            query = text("SELECT count(*) FROM conversation_reference")
            return int(connection.execute(query).scalar_one())
    finally:
        engine.dispose()


def stored_text(database_url: str) -> str:
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            documents = connection.execute(text("SELECT document FROM bot_state")).scalars()
            return "\n".join(documents)
    finally:
        engine.dispose()


async def post(bot: RunningBot, activity: dict[str, Any]) -> list[dict[str, Any]]:
    conversation = activity["conversation"]["id"]
    before = len(bot.channel.received[conversation])
    assert await bot.channel.post(activity) in (200, 201)
    return bot.channel.received[conversation][before:]


def personal_chats(bot: RunningBot, *shared_ids: str) -> dict[str, list[dict[str, Any]]]:
    return {
        conversation: activities
        for conversation, activities in bot.channel.received.items()
        if conversation not in shared_ids and conversation != KARI.conversation_id
    }


@pytest.mark.parametrize("scope", list(SCOPES))
async def test_a_shared_conversation_gets_one_line_and_a_personal_chat(
    bot: RunningBot, database_url: str, scope: str
) -> None:
    activity = shared(bot, scope, text=f"{MENTION} Ole i 5B har vært borte 5 dager")
    replies = await post(bot, activity)
    followup = await post(bot, shared(bot, scope, text=f"{MENTION} nei"))

    assert [as_shown(r.get("text") or "") for r in replies] == [NB("trust.shared_chat.redirect")]
    assert "Ole" not in json.dumps(replies + followup, ensure_ascii=False)
    assert cases(database_url) == []
    assert references(database_url) == 0
    assert "Ole" not in stored_text(database_url)
    opened = personal_chats(bot, activity["conversation"]["id"])
    assert len(opened) == 2  # one per message; each says hello and nothing else
    for activities in opened.values():
        assert [as_shown(a.get("text") or "") for a in activities] == [
            NB("trust.shared_chat.hello")
        ]


@pytest.mark.parametrize("scope", list(SCOPES))
async def test_a_card_action_in_a_shared_conversation_shows_no_case(
    bot: RunningBot, database_url: str, scope: str
) -> None:
    await bot.channel.send(KARI, "Ole i 5B har vært borte 5 dager")  # in Kari's personal chat
    await bot.channel.send(KARI, "nei")
    (case,) = cases(database_url)
    value = {"intent": "case_status", "case_id": case.id}
    replies = await post(bot, shared(bot, scope, text=None, value=value))
    listed = await post(bot, shared(bot, scope, text=f"{MENTION} vis åpne saker"))
    assert "Ole" not in json.dumps(replies + listed, ensure_ascii=False)
    assert references(database_url) == 1  # the personal chat's only


@pytest.mark.parametrize("scope", list(SCOPES))
async def test_joining_a_shared_conversation_is_not_greeted(
    bot: RunningBot, database_url: str, scope: str
) -> None:
    joined = shared(bot, scope, type="conversationUpdate", text=None)
    joined["membersAdded"] = [{"id": "29:someone-else"}]
    assert await post(bot, joined) == []
    installed = shared(bot, scope, type="conversationUpdate", text=None)
    installed["membersAdded"] = [{"id": BOT_ID}]
    notice = await post(bot, installed)
    assert [as_shown(r.get("text") or "") for r in notice] == [NB("trust.shared_chat.elsewhere")]
    assert references(database_url) == 0


async def test_the_personal_chat_still_greets_and_works(bot: RunningBot) -> None:
    welcome = await bot.channel.install(KARI)
    assert NB("welcome.text") in welcome.text
    await bot.channel.send(KARI, "Ole i 5B har vært borte 5 dager")
    reply = await bot.channel.send(KARI, "nei")
    assert "Ole" in reply.text and NB("trust.shared_chat.redirect") not in reply.text
