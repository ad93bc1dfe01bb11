"""Conversation state: encoded once per turn, and never silently overwritten by another instance."""

from __future__ import annotations

import pytest
from botbuilder.core import TurnContext
from botbuilder.core.adapters import TestAdapter
from botbuilder.schema import Activity, ChannelAccount, ConversationAccount

from bot.fastpath.state import SqlConversationState
from bot.state_store import SqlStorage
from storage.db import Database
from storage.errors import StateConflict


def turn(adapter: TestAdapter) -> TurnContext:
    activity = Activity(
        type="message",
        channel_id="msteams",
        conversation=ConversationAccount(id="conv-1"),
        from_property=ChannelAccount(id="user-1"),
        recipient=ChannelAccount(id="bot"),
        text="hei",
    )
    return TurnContext(adapter, activity)


async def test_unchanged_state_is_not_written_and_changes_survive(database: Database) -> None:
    adapter = TestAdapter()
    state = SqlConversationState(SqlStorage(database))
    counter = state.create_property("counter")
    first = turn(adapter)
    await counter.set(first, 1)
    await state.save_changes(first)

    second = turn(adapter)
    assert await counter.get(second) == 1
    etag = state.get_cached_state(second).state["e_tag"]
    await state.save_changes(second)  # nothing changed: no write, same etag
    stored = await SqlStorage(database).read_document(state.get_storage_key(second))
    assert stored is not None and stored[1] == etag


async def test_two_instances_writing_the_same_conversation_conflict(database: Database) -> None:
    adapter = TestAdapter()
    one = SqlConversationState(SqlStorage(database))
    two = SqlConversationState(SqlStorage(database))
    seed = turn(adapter)
    await one.create_property("step").set(seed, "start")
    await one.save_changes(seed)

    turn_one, turn_two = turn(adapter), turn(adapter)
    await one.load(turn_one)
    await two.load(turn_two)
    await one.create_property("step").set(turn_one, "from instance one")
    await two.create_property("step").set(turn_two, "from instance two")
    await one.save_changes(turn_one)
    with pytest.raises(StateConflict):
        await two.save_changes(turn_two)
    check = turn(adapter)
    assert await one.create_property("step").get(check) == "from instance one"


async def test_two_first_turns_of_a_new_conversation_conflict(database: Database) -> None:
    adapter = TestAdapter()
    one = SqlConversationState(SqlStorage(database))
    two = SqlConversationState(SqlStorage(database))
    turn_one, turn_two = turn(adapter), turn(adapter)
    await one.load(turn_one)
    await two.load(turn_two)
    await one.create_property("x").set(turn_one, 1)
    await two.create_property("x").set(turn_two, 2)
    await one.save_changes(turn_one)
    with pytest.raises(StateConflict):
        await two.save_changes(turn_two)
