"""No pupil names or message text in the application's logs, through a whole case's life."""

from __future__ import annotations

import logging

import pytest

from devkit.local_channel import User
from tests.harness import RunningBot

PUPIL = "Kristoffer"
SECRET = "Mormor er innlagt og familien har det tøft"


async def test_a_full_scenario_logs_no_names_or_text(
    bot: RunningBot, teacher: User, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    turns = [
        f"{PUPIL} i 5B har vært borte 5 dager", "nei",
        f"loggfør kontakt for {PUPIL}", "i dag", "varsel", SECRET, "ringer fredag", "0", "Kari",
        "Lagre",
        f"løft saken til {PUPIL} til nivå 1", "Samtale hver mandag", "Kari",
        f"hvor står saken til {PUPIL}", "vis åpne saker",
        "x" * 5000, "<at>Bot</at> 🙂 <b>hei</b>",
    ]  # fmt: skip
    bot.channel.fail_next(1)  # one failed reply goes through the error path too
    for text in turns:
        await bot.channel.send(teacher, text)
    logged = "\n".join(
        f"{record.name} {record.getMessage()} {record.exc_text or ''}" for record in caplog.records
    )
    assert caplog.records, "the scenario should have logged something (the failed reply)"
    for forbidden in (PUPIL, SECRET, "Samtale hver mandag", "ringer fredag", "x" * 50):
        assert forbidden not in logged
