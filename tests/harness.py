"""The bot as it runs in production, on a free loopback port, with a local channel beside it."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass

from aiohttp import web

from bot.app import create_app
from bot.settings import Settings
from content.clock import Clock
from devkit.local_channel import LocalChannel
from ops.telemetry import Telemetry


@dataclass
class RunningBot:
    app: web.Application
    url: str
    channel: LocalChannel


def bot_settings(database_url: str, **overrides: object) -> Settings:
    values: dict[str, object] = {"database_url": database_url, "port": 0}
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@contextlib.asynccontextmanager
async def running_bot(
    settings: Settings, *, clock: Clock | None = None, telemetry: Telemetry | None = None
) -> AsyncIterator[RunningBot]:
    app = create_app(settings, clock=clock, telemetry=telemetry)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    url = f"http://127.0.0.1:{port}"
    channel = LocalChannel(url)
    await channel.start()
    try:
        yield RunningBot(app, url, channel)
    finally:
        await channel.close()
        await runner.cleanup()
