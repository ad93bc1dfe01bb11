"""«Lagre» after a kill -9 between the entry's commit and its reply (issue 13, item 4): the bot
process is killed while its reply hangs in the connector, a new process serves the same
database, and the re-sent «Lagre» finds the entry instead of writing a second one."""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

from bench.serve import BotProcess
from content.i18n import Translator
from devkit.local_channel import LocalChannel, User
from storage.models import LogEntry
from tests.scenarios.records import rows

NB = Translator("nb")
# The system clock, not a fixed one: a killed instance's turn lease expires by the clock.
STEPS = ("Ole i 5B har vært borte 5 dager", "nei", "loggfør kontakt for Ole", "i dag", "Varsel")


async def entries_appear(database_url: str, timeout: float = 20.0) -> None:
    async with asyncio.timeout(timeout):
        while not rows(database_url, LogEntry):
            await asyncio.sleep(0.05)  # waiting for the other process's commit, not for time


async def test_lagre_after_a_kill_between_commit_and_reply_saves_once(
    database_url: str, tmp_path: Path
) -> None:
    channel = LocalChannel("")
    await channel.start()
    user = User("aad-kill", "Kari Lærer")
    first = BotProcess.start("ours", tmp_path, database_url=database_url, name="a")
    try:
        channel.bot_url = first.url
        for text in (*STEPS, "Syk", "Ringer fredag", "0", "Kari Lærer"):
            await channel.send(user, text)
        channel.delay_next(1, 3.0)  # the reply to «Lagre» hangs in the connector
        pending = asyncio.create_task(channel.send(user, "Lagre"))
        await entries_appear(database_url)
        first.process.kill()  # kill -9 after the commit, before the reply
        first.process.wait()
        with contextlib.suppress(Exception):
            await pending
    finally:
        first.stop()

    second = BotProcess.start("ours", tmp_path, database_url=database_url, name="b")
    try:
        channel.bot_url = second.url
        # With several instances (PostgreSQL) the killed process's turn lease holds the
        # conversation until it expires (20 s): the bot answers 503 and the user tries again.
        async with asyncio.timeout(90):
            again = await channel.send(user, "Lagre")
            while again.status == 503:
                again = await channel.send(user, "Lagre")
    finally:
        second.stop()
        await channel.close()
    assert len(rows(database_url, LogEntry)) == 1
    assert again.text.startswith(NB("trust.already_saved"))
