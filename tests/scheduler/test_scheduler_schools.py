"""Digests with two schools in one tenant (issue 20): each school's leaders get their own
school's week, the municipality role gets counts per school and no names."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from content.clock import FixedClock
from content.i18n import Translator
from tests.harness import bot_settings
from tests.scenarios.test_schools_in_tenant import (
    KARI,
    KOMMUNE,
    RITA,
    SIRI,
    SVEIN,
    UPNS,
    schools_file,
)
from tests.scheduler.conftest import ScheduledBot, scheduled_bot, texts

NB = Translator("nb")


@pytest.fixture
async def bot(database_url: str, clock: FixedClock, tmp_path: Path) -> AsyncIterator[ScheduledBot]:
    settings = bot_settings(database_url, schools_file=schools_file(tmp_path))
    async with scheduled_bot(settings, clock) as running:
        for user, upn in UPNS:
            running.channel.add_member(user, upn=upn)
        yield running


async def test_each_school_and_the_municipality_get_their_own_week(bot: ScheduledBot) -> None:
    for user in (RITA, SVEIN, KOMMUNE):
        await bot.channel.install(user)
        await bot.channel.send(user, "hei")
    for teacher, pupil in ((KARI, "Ole"), (SIRI, "Ole"), (SIRI, "Emil")):
        await bot.channel.send(teacher, f"{pupil} i 5B har vært borte 5 dager")
        await bot.channel.send(teacher, "nei")
    seen = {user.aad_object_id: len(texts(bot.channel, user)) for user in (RITA, SVEIN, KOMMUNE)}
    await bot.sweep(2026, 10, 12, 8, 0)  # Monday morning
    await bot.sweep(2026, 10, 12, 9, 0)

    def new_texts(user: object) -> str:
        return "\n".join(texts(bot.channel, user)[seen[user.aad_object_id] :])  # type: ignore[attr-defined]

    rita, svein, kommune = new_texts(RITA), new_texts(SVEIN), new_texts(KOMMUNE)
    assert NB("digest.counts", new=1, moved=0, overdue=1) in rita
    assert "Ole (5B)" in rita and "Emil" not in rita
    assert NB("digest.counts", new=2, moved=0, overdue=2) in svein
    assert "Emil (5B)" in svein
    assert NB("municipality.digest", week=42) in kommune
    assert "Nordbyen skole: 1 " in kommune and "Sentrum skole: 2 " in kommune
    assert "Ole" not in kommune and "Emil" not in kommune and "5B" not in kommune
    assert NB("municipality.month", month="2026-10", opened=2, closed=0) in kommune
