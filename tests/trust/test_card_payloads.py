"""Crafted card payloads are refused like the same text typed (issue 13, item 6), and stored
conversation state is plain JSON only: a reserved key cannot break a conversation, and a
document the bot cannot read is started afresh with a note instead of failing every turn."""

from __future__ import annotations

import jsonpickle
from botbuilder.dialogs import DialogState
from sqlalchemy import create_engine, text

from content.i18n import Translator
from devkit.local_channel import User
from storage.models import LogEntry
from tests.harness import RunningBot
from tests.scenarios.records import cases, rows
from tests.scenarios.test_log_contact import valid_national_id

NB = Translator("nb")


async def open_case(bot: RunningBot, teacher: User, database_url: str) -> int:
    await bot.channel.send(teacher, "Ole i 5B har vært borte 5 dager")
    await bot.channel.send(teacher, "nei")
    (case,) = cases(database_url)
    assert case.id is not None
    return case.id


async def test_a_crafted_report_payload_stores_no_national_id_or_long_name(
    bot: RunningBot, teacher: User, database_url: str
) -> None:
    number = valid_national_id()
    for pupil in (f"Ole Hansen {number}", "O" * 5000, f"Ole{number}"):
        value = {"intent": "report_absence", "pupil": pupil, "group": "5B", "days": 5}
        asked = await bot.channel.send(teacher, text=None, value=value)
        assert asked.text == NB("slot.pupil.ask")  # the name was dropped, so it is asked
        await bot.channel.send(teacher, "avbryt")
    assert cases(database_url) == []


async def test_a_crafted_log_payload_cannot_prefill_the_log(
    bot: RunningBot, teacher: User, database_url: str
) -> None:
    case_id = await open_case(bot, teacher, database_url)
    value = {
        "intent": "log_contact",
        "case_id": case_id,
        "contact_date": "2099-01-01",
        "reason": "x" * 5000,
        "guardians_view": "Har fått diagnosen ADHD og tar medisin",
        "next_steps": valid_national_id(),
        "level": 3,
        "author": "Ole Hansen " + valid_national_id(),
        "confirm": "save",
        "_resolved": True,
        "$dialog_state": [],
    }
    asked = await bot.channel.send(teacher, text=None, value=value)
    assert NB("slot.contact_date.ask") in asked.searchable
    assert rows(database_url, LogEntry) == []
    assert (await bot.channel.send(teacher, "avbryt")).text == NB("cancel.done")


async def test_a_lower_log_level_than_the_case_has_is_asked_again(
    bot: RunningBot, teacher: User, database_url: str
) -> None:
    await open_case(bot, teacher, database_url)
    await bot.channel.send(teacher, "løft saken til Ole til nivå 1")
    await bot.channel.send(teacher, "Samtale hver mandag")
    await bot.channel.send(teacher, "Kari Lærer")
    for answer in ("loggfør kontakt for Ole", "i dag", "Samtale", "Enige", "Ringer"):
        await bot.channel.send(teacher, answer)
    assert (await bot.channel.send(teacher, "0")).text.startswith(NB("slot.level.retry"))


async def test_an_undecodable_state_is_started_afresh_with_a_note(
    bot: RunningBot, teacher: User, database_url: str
) -> None:
    await bot.channel.send(teacher, "vis maler")  # the conversation now has stored state
    engine = create_engine(database_url)
    poisoned = jsonpickle.encode({"DialogState": DialogState([]), "x": {"py/object": "os.system"}})
    with engine.begin() as connection:
        updated = connection.execute(
            text("UPDATE bot_state SET document = :d WHERE key LIKE :k"),
            {"d": poisoned, "k": f"%{teacher.conversation_id}%"},
        ).rowcount
    engine.dispose()
    assert updated == 1
    first = await bot.channel.send(teacher, "hjelp")
    assert first.texts[0] == NB("state.lost")
    assert NB("help.text") in first.text
    again = await bot.channel.send(teacher, "hjelp")
    assert again.text == NB("help.text")
