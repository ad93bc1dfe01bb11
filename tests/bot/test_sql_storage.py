"""SqlStorage behaves like botbuilder's own storages, on a real database."""

import asyncio
from collections.abc import Callable

import pytest
from botbuilder.core import ConversationState, MessageFactory, TurnContext
from botbuilder.core.adapters import TestAdapter
from botbuilder.dialogs import (
    Dialog,
    DialogSet,
    DialogTurnResult,
    DialogTurnStatus,
    WaterfallDialog,
    WaterfallStepContext,
)

from bot.state_store import SqlStorage
from storage.bot_state import MAX_KEY_LENGTH, storage_key
from storage.db import Database
from storage.errors import StateConflict


# Plain waterfall steps rather than TextPrompts: state is plain JSON only (issue 13), and a
# prompt's options object is not; a waterfall's next step gets the typed text as its result.
async def ask_pupil(step: WaterfallStepContext) -> DialogTurnResult:
    await step.context.send_activity(MessageFactory.text("pupil?"))
    return Dialog.end_of_turn


async def ask_group(step: WaterfallStepContext) -> DialogTurnResult:
    step.values["pupil"] = step.result
    await step.context.send_activity(MessageFactory.text("group?"))
    return Dialog.end_of_turn


async def record(step: WaterfallStepContext) -> DialogTurnResult:
    return await step.end_dialog(f"{step.values['pupil']} in {step.result}")


def make_bot(database: Database) -> Callable[[TurnContext], object]:
    """A bot built from nothing but the database, as after a process restart."""
    conversation_state = ConversationState(SqlStorage(database))
    dialogs = DialogSet(conversation_state.create_property("dialog_state"))
    dialogs.add(WaterfallDialog("report_absence", [ask_pupil, ask_group, record]))

    async def on_turn(context: TurnContext) -> None:
        dialog_context = await dialogs.create_context(context)
        result = await dialog_context.continue_dialog()
        if result.status == DialogTurnStatus.Empty:
            await dialog_context.begin_dialog("report_absence")
        elif result.status == DialogTurnStatus.Complete:
            await context.send_activity(f"recorded {result.result}")
        await conversation_state.save_changes(context)

    return on_turn


async def say(adapter: TestAdapter, text: str) -> list[str]:
    await adapter.receive_activity(text)
    replies = [activity.text for activity in adapter.activity_buffer]
    adapter.activity_buffer.clear()
    return replies


async def test_waterfall_resumes_after_restart(database_url: str) -> None:
    first = Database(database_url)
    adapter = TestAdapter(make_bot(first))
    assert await say(adapter, "hei") == ["pupil?"]
    assert await say(adapter, "Ola") == ["group?"]
    await first.close()

    second = Database(database_url)
    adapter = TestAdapter(make_bot(second))
    assert await say(adapter, "5B") == ["recorded Ola in 5B"]
    assert await say(adapter, "igjen") == ["pupil?"]
    await second.close()


async def test_read_sets_etag_and_write_updates_it(database: Database) -> None:
    storage = SqlStorage(database)
    await storage.write({"a": {"count": 1}})
    item = (await storage.read(["a"]))["a"]
    first_etag = item["e_tag"]
    item["count"] = 2
    await storage.write({"a": item})
    assert item["e_tag"] != first_etag
    stored = (await storage.read(["a"]))["a"]
    assert stored == {"count": 2, "e_tag": item["e_tag"]}


async def test_stale_etag_is_a_conflict_and_changes_nothing(database: Database) -> None:
    storage = SqlStorage(database)
    await storage.write({"a": {"count": 1}})
    mine = (await storage.read(["a"]))["a"]
    theirs = (await storage.read(["a"]))["a"]
    theirs["count"] = 10
    await storage.write({"a": theirs})
    mine["count"] = 2
    with pytest.raises(StateConflict):
        await storage.write({"a": mine, "b": {"untouched": True}})
    assert (await storage.read(["a", "b"])) == {"a": theirs}


async def test_concurrent_writers_exactly_one_wins(database_url: str) -> None:
    databases = [Database(database_url) for _ in range(2)]
    storages = [SqlStorage(db) for db in databases]
    await storages[0].write({"k": {"v": 0}})
    items = [(await storage.read(["k"]))["k"] for storage in storages]
    for number, item in enumerate(items):
        item["v"] = number + 1
    results = await asyncio.gather(
        *(storage.write({"k": item}) for storage, item in zip(storages, items, strict=True)),
        return_exceptions=True,
    )
    conflicts = [result for result in results if isinstance(result, StateConflict)]
    assert len(conflicts) == 1
    assert results.count(None) == 1
    winner = items[results.index(None)]
    assert (await storages[0].read(["k"]))["k"]["v"] == winner["v"]
    for db in databases:
        await db.close()


@pytest.mark.parametrize("etag", ["*", None])
async def test_wildcard_or_missing_etag_overwrites(database: Database, etag: str | None) -> None:
    storage = SqlStorage(database)
    await storage.write({"a": {"count": 1}})
    await storage.write({"a": {"count": 5, "e_tag": etag}})
    assert (await storage.read(["a"]))["a"]["count"] == 5


async def test_etag_for_a_missing_row_is_a_conflict(database: Database) -> None:
    with pytest.raises(StateConflict):
        await SqlStorage(database).write({"gone": {"e_tag": "abc"}})


async def test_empty_etag_is_refused(database: Database) -> None:
    with pytest.raises(ValueError):
        await SqlStorage(database).write({"a": {"e_tag": ""}})


async def test_delete_and_unknown_keys(database: Database) -> None:
    storage = SqlStorage(database)
    await storage.write({"a": {"x": 1}, "b": {"x": 2}})
    await storage.delete({"a", "never-written"})
    assert set(await storage.read(["a", "b", "c"])) == {"b"}
    assert await storage.read([]) == {}


async def test_long_keys_are_hashed_but_read_back_under_the_callers_key(
    database: Database,
) -> None:
    storage = SqlStorage(database)
    long_a, long_b = "x" * 300 + "a", "x" * 300 + "b"
    assert len(storage_key(long_a)) == MAX_KEY_LENGTH
    assert storage_key(long_a) != storage_key(long_b)
    await storage.write({long_a: {"n": 1}, long_b: {"n": 2}})
    items = await storage.read([long_a, long_b])
    assert {key: item["n"] for key, item in items.items()} == {long_a: 1, long_b: 2}
