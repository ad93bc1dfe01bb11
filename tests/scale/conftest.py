"""Two bot processes on one PostgreSQL database, and one connector that records all they post.

The processes are `python -m bench.serve ours` (the app exactly as `create_app` builds it) with a
fixed clock and a one-second scheduler interval, started once per module; the connector is per
test. SQLite is the single-instance trial engine (one writer, one file), so these tests only run
when NAERVAER_TEST_POSTGRES_URL names a server.
"""

from __future__ import annotations

import asyncio
import uuid
from collections import defaultdict
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from aiohttp import web
from sqlalchemy.engine import URL

from bench.serve import BotProcess
from devkit.local_channel import Exchange, LocalChannel, User

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=ZoneInfo("Europe/Oslo"))  # a Thursday morning
SCHEDULER_INTERVAL_S = 1.0


class RecordingConnector(LocalChannel):
    """Plays Teams to either bot, and keeps every activity they post, by reply and by chat.

    Replies are matched to the message they answer by `replyToId`, not by "what arrived while
    the turn was in flight", so two turns of one user racing each other keep their own replies.
    """

    def __init__(self) -> None:
        super().__init__("")
        self.received: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.replies: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self._waiters: list[tuple[int, asyncio.Event]] = []

    async def _post(self, request: web.Request) -> web.Response:
        activity = await request.json()
        self.received[request.match_info["conversation"]].append(activity)
        if activity.get("replyToId"):
            self.replies[activity["replyToId"]].append(activity)
        for count, event in self._waiters:
            if self.total() >= count:
                event.set()
        return web.json_response({"id": f"reply-{uuid.uuid4().hex[:12]}"})

    def total(self) -> int:
        return sum(len(activities) for activities in self.received.values())

    async def wait_for_total(self, count: int, *, timeout: float) -> None:
        """Until `count` activities have arrived in all; TimeoutError after `timeout` seconds."""
        event = asyncio.Event()
        self._waiters.append((count, event))
        if self.total() >= count:
            event.set()
        await asyncio.wait_for(event.wait(), timeout=timeout)

    async def send_to(self, bot: BotProcess, user: User, **fields: Any) -> Exchange:
        """One turn at `bot`; its replies reached `_post` before the bot answered the POST."""
        assert self._session is not None, "start() the connector first"
        activity = self.activity(user, **fields)
        async with self._session.post(f"{bot.url}/api/messages", json=activity) as response:
            await response.read()
            status = response.status
        return Exchange(status, self.replies.pop(activity["id"], []))


@pytest.fixture(scope="module")
def shared_database_url(_postgres: Any, _migrated_template: URL) -> Iterator[str]:
    """One fresh, migrated database for the module: both processes and the test read it."""
    url = _postgres.create(template=_migrated_template.database)
    yield url.render_as_string(hide_password=False)
    _postgres.drop(url)


@pytest.fixture(scope="module")
def bots(
    shared_database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[BotProcess, BotProcess]]:
    workdir = tmp_path_factory.mktemp("two-instances")
    started: list[BotProcess] = []
    try:
        for name in ("a", "b"):
            started.append(
                BotProcess.start(
                    "ours",
                    workdir,
                    database_url=shared_database_url,
                    name=name,
                    now=NOW,
                    scheduler_interval_s=SCHEDULER_INTERVAL_S,
                )
            )
        yield started[0], started[1]
    finally:
        for bot in started:
            bot.stop()
        for name in ("a", "b"):
            _show_errors(workdir / f"{name}.log")


def _show_errors(log: Path) -> None:
    """A bot's own log (WARNING and up) into the test output, where a failure needs it."""
    if log.exists() and log.stat().st_size:
        print(f"--- {log.name} ---\n{log.read_text(errors='replace')[-4000:]}")


@pytest.fixture
async def connector() -> AsyncIterator[RecordingConnector]:
    recording = RecordingConnector()
    await recording.start()
    try:
        yield recording
    finally:
        await recording.close()
