"""Turns in one conversation run one at a time, and a retried delivery is not processed twice."""

from __future__ import annotations

import asyncio

from sqlalchemy import func, select

from content.i18n import Translator
from content.loader import guide
from content.render import render_template
from devkit.local_channel import LocalChannel, User, as_shown
from storage.db import Database
from storage.models import ProcessedActivity
from tests.harness import bot_settings, running_bot

NB = Translator("nb")
ACCEPTED = (200, 201)


def texts(channel: LocalChannel, user: User) -> list[str]:
    return [as_shown(reply.get("text") or "") for reply in channel.received[user.conversation_id]]


def markers(database_url: str) -> int:
    database = Database(database_url)
    try:
        return database.run_sync(
            lambda s: s.execute(select(func.count()).select_from(ProcessedActivity)).scalar_one()
        )
    finally:
        database.dispose()


async def test_a_retried_delivery_is_acknowledged_and_not_answered(database_url: str) -> None:
    user = User("aad-retry", "Kari Lærer")
    async with running_bot(bot_settings(database_url)) as bot:
        activity = bot.channel.activity(user, text="hjelp")
        first = await bot.channel.post(activity)
        retry = await bot.channel.post(activity)
        fresh = await bot.channel.send(user, "hjelp")  # same text, new id: a new message

    assert first in ACCEPTED and retry in ACCEPTED and fresh.status in ACCEPTED
    assert texts(bot.channel, user) == [NB("help.text"), NB("help.text")]
    assert markers(database_url) == 2


async def test_a_delivery_retried_while_the_first_still_runs_is_answered_once(
    database_url: str,
) -> None:
    user = User("aad-double", "Per Lærer")
    async with running_bot(bot_settings(database_url)) as bot:
        activity = bot.channel.activity(user, text="vis maler")
        statuses = await asyncio.gather(*(bot.channel.post(activity) for _ in range(3)))
        # Had the duplicates run, the second would have answered the template menu's prompt.
        answer = await bot.channel.send(user, "telefonsamtalen")

    assert all(status in ACCEPTED for status in statuses)
    menu = texts(bot.channel, user)[:-1]
    assert len(menu) == 1 and guide().template("telefonsamtale").title in menu[0]
    assert answer.text == render_template(guide(), "telefonsamtale")


async def test_messages_sent_at_once_are_processed_one_after_the_other(database_url: str) -> None:
    """Run one at a time, the first "vis maler" opens the menu and the others answer its prompt.

    Run side by side, every turn would read the same stored state and open the menu again, and
    all saves but the first would fail on the state's etag.
    """
    user = User("aad-burst", "Ola Lærer")
    burst = 4
    title = guide().template("telefonsamtale").title
    async with running_bot(bot_settings(database_url)) as bot:
        await bot.channel.send(user, "hjelp")  # the conversation now has stored state
        activities = [bot.channel.activity(user, text="vis maler") for _ in range(burst)]
        statuses = await asyncio.gather(*(bot.channel.post(a) for a in activities))
        follow_up = await bot.channel.send(user, "telefonsamtalen")

    assert all(status in ACCEPTED for status in statuses)
    replies = texts(bot.channel, user)[1:-1]
    assert NB("error.turn_failed") not in replies
    assert len(replies) == burst
    assert title in replies[0]
    assert replies[1:] == [NB("templates.reask")] * (burst - 1)
    assert follow_up.text == render_template(guide(), "telefonsamtale")


async def test_a_prompt_and_its_answer_sent_at_once_end_consistently(database_url: str) -> None:
    """Whichever turn runs first, the second sees the state the first saved."""
    user = User("aad-pair", "Siri Lærer")
    template = render_template(guide(), "telefonsamtale")
    async with running_bot(bot_settings(database_url)) as bot:
        await bot.channel.send(user, "hjelp")
        menu = bot.channel.activity(user, text="vis maler")
        pick = bot.channel.activity(user, text="telefonsamtalen")
        statuses = await asyncio.gather(bot.channel.post(menu), bot.channel.post(pick))
        after = await bot.channel.send(user, "hjelp")

    assert all(status in ACCEPTED for status in statuses)
    replies = texts(bot.channel, user)[1:-1]
    assert NB("error.turn_failed") not in replies
    assert template in replies
    assert after.text == NB("help.text")
