"""No pupil names or message text in the application's logs, through a whole case's life."""

from __future__ import annotations

import io
import json
import logging

import pytest

from bot.keys import DATABASE_KEY
from content.clock import FixedClock
from devkit.local_channel import User
from ops.logs import JsonFormatter
from tests.bot.test_faults import live_database_url, outage  # noqa: F401 (fixture)
from tests.harness import RunningBot
from tests.scheduler.conftest import open_case_at_level_1, oslo, scheduled_bot, settings_for

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


async def test_the_operational_log_lines_are_json_and_name_no_pupil(
    live_database_url: str,  # noqa: F811
) -> None:
    """Start, stop, a database outage and its recovery, a 429: each an INFO-or-worse JSON line
    (as `naervaer serve` writes them), none with the pupil's name, the teacher's or typed text."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root, level = logging.getLogger(), logging.getLogger().level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    teacher = User("aad-kari", "Kari Lærer")
    try:
        clock = FixedClock(oslo(2026, 10, 8, 9, 0))
        async with scheduled_bot(settings_for(live_database_url), clock) as bot:
            await open_case_at_level_1(bot, teacher, pupil=PUPIL)
            await bot.sweep(2026, 10, 12, 8, 0)
            bot.channel.fail_conversation(teacher.conversation_id, 429, {"Retry-After": "2"})
            await bot.sweep(2026, 10, 29, 8, 0)
            with outage(bot.app[DATABASE_KEY]):
                refused = await bot.channel.send(teacher, SECRET)
            await bot.channel.send(teacher, f"hvor står saken til {PUPIL}")
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
    written = stream.getvalue()
    lines = [json.loads(line) for line in written.splitlines()]
    events = {line["event"]: line for line in lines if "event" in line}
    assert refused.status == 503
    assert {"start", "stop", "db_outage", "db_recovered", "throttled"} <= set(events)
    assert all(events[e]["level"] in ("INFO", "WARNING", "ERROR") for e in events)
    for forbidden in (PUPIL, SECRET, "Kari", "Lærer"):
        assert forbidden not in written
