"""Two bot instances on one database: one conversation's turns still run one at a time."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from datetime import datetime
from zoneinfo import ZoneInfo

from content.clock import FixedClock
from content.i18n import Translator
from devkit.local_channel import Exchange, User
from tests.harness import bot_settings, running_bot

NB = Translator("nb")


async def later(sending: Awaitable[Exchange]) -> Exchange:
    await asyncio.sleep(0.05)
    return await sending


async def test_simultaneous_messages_to_two_instances_are_taken_in_turn(database_url: str) -> None:
    clock = FixedClock(datetime(2026, 11, 26, 9, 0, tzinfo=ZoneInfo("Europe/Oslo")))
    settings = bot_settings(database_url, multi_instance=True)  # two instances, one database
    user = User("aad-race", "Kari Lærer")
    async with running_bot(settings, clock=clock) as one, running_bot(settings, clock=clock) as two:
        await one.channel.send(user, "Ole i 5B har vært borte 5 dager")
        await two.channel.send(user, "nei")
        await one.channel.send(user, "loggfør kontakt for Ole")
        for _ in range(3):
            one.channel.delay_next(1, 0.3)  # instance one is mid-turn when two gets its message
            first, second = await asyncio.gather(
                one.channel.send(user, "i dag"), later(two.channel.send(user, "i går"))
            )
            texts = first.texts + second.texts
            assert NB("error.conflict") not in texts
            assert {first.status, second.status} <= {200, 201}
            await one.channel.send(user, "avbryt")
            await two.channel.send(user, "loggfør kontakt for Ole")
