"""`/readyz`: ready only when the database answers, its schema is at the head revision and the
reminder scheduler runs; `/healthz` stays "the process answers" for liveness."""

from __future__ import annotations

import aiohttp

from bot.app import DATABASE_KEY, SCHEDULER_KEY
from storage import migrate
from tests.bot.test_faults import live_database_url, outage  # noqa: F401 (fixture)
from tests.harness import bot_settings, running_bot


async def readyz(url: str) -> tuple[int, dict]:
    async with aiohttp.ClientSession() as http, http.get(f"{url}/readyz") as response:
        return response.status, await response.json()


async def test_readyz_is_503_with_the_database_down_and_200_after(live_database_url: str) -> None:  # noqa: F811
    async with running_bot(bot_settings(live_database_url)) as bot:
        before = await readyz(bot.url)
        with outage(bot.app[DATABASE_KEY]):
            during = await readyz(bot.url)
        after = await readyz(bot.url)

    assert before == (
        200,
        {"status": "ready", "database": "ok", "migrations": "ok", "scheduler": "ok"},
    )
    assert during[0] == 503 and during[1]["database"] == "unreachable"
    assert after[0] == 200


async def test_readyz_is_503_when_the_schema_is_behind_or_the_scheduler_stopped(
    database_url: str,
) -> None:
    async with running_bot(bot_settings(database_url)) as bot:
        migrate.downgrade(database_url, migrate.revisions()[-2])
        behind = await readyz(bot.url)
        migrate.upgrade(database_url)
        bot.app[SCHEDULER_KEY]._task.cancel()  # type: ignore[union-attr]
        stopped = await readyz(bot.url)

    assert behind[0] == 503 and behind[1]["migrations"] == "behind"
    assert stopped[0] == 503 and stopped[1]["scheduler"] == "stopped"
