"""The bot with its reminder scheduler over real HTTP, a clock the test moves, and helpers.

The scheduler's own loop runs (it starts and stops with the app) but sweeps only at start-up
and when kicked; the tests drive sweeps with `run_once` after moving the clock.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from aiohttp import web
from sqlmodel import select

from bot.app import create_app
from bot.keys import SCHEDULER_KEY
from bot.settings import Settings
from content.calendar import EXAMPLE_CALENDAR
from content.clock import FixedClock
from content.i18n import Translator
from devkit.local_channel import LocalChannel, User, as_shown
from ops.telemetry import Telemetry
from reminders.scheduler import Scheduler
from storage.db import Database
from storage.models import ConversationReference as ConversationReferenceRow
from tests.harness import bot_settings

OSLO = ZoneInfo("Europe/Oslo")
LEADER_ID = "aad-rektor"


def oslo(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=OSLO)


@dataclass
class ScheduledBot:
    app: web.Application
    url: str
    channel: LocalChannel
    scheduler: Scheduler
    clock: FixedClock

    async def sweep(self, *parts: int) -> None:
        self.clock.set(oslo(*parts))
        await self.scheduler.run_once()


@contextlib.asynccontextmanager
async def scheduled_bot(
    settings: Settings,
    clock: FixedClock,
    channel: LocalChannel | None = None,
    *,
    telemetry: Telemetry | None = None,
) -> AsyncIterator[ScheduledBot]:
    app = create_app(settings, clock=clock, scheduler_interval_s=3600, telemetry=telemetry)
    scheduler = app[SCHEDULER_KEY]
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    url = f"http://127.0.0.1:{port}"
    own_channel = channel is None
    channel = channel or LocalChannel(url)
    if own_channel:
        await channel.start()
    try:
        yield ScheduledBot(app, url, channel, scheduler, clock)
    finally:
        if own_channel:
            await channel.close()
        await runner.cleanup()


def settings_for(database_url: str, **overrides: object) -> Settings:
    return bot_settings(
        database_url, school_calendar=EXAMPLE_CALENDAR, leaders=[LEADER_ID], **overrides
    )


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(oslo(2026, 10, 8, 9, 0))  # a Thursday, in summer time


@pytest.fixture
async def bot(database_url: str, clock: FixedClock) -> AsyncIterator[ScheduledBot]:
    async with scheduled_bot(settings_for(database_url), clock) as running:
        yield running


@pytest.fixture
def teacher() -> User:
    return User("aad-kari", "Kari Lærer")


@pytest.fixture
def leader() -> User:
    return User(LEADER_ID, "Rita Rektor")


def cards(channel: LocalChannel, user: User) -> list[dict[str, Any]]:
    """Every Adaptive Card that reached the user's conversation."""
    return [
        attachment["content"]
        for activity in channel.received[user.conversation_id]
        for attachment in activity.get("attachments") or []
    ]


def texts(channel: LocalChannel, user: User) -> list[str]:
    return [
        as_shown(activity.get("text") or "") for activity in channel.received[user.conversation_id]
    ]


def card_text(card: dict[str, Any]) -> str:
    return str(card.get("fallbackText", ""))


EVALUATE = Translator("nb")("deadline.evaluate_measures")


def evaluation_cards(bot: ScheduledBot, user: User) -> list[dict[str, Any]]:
    """The user's cards about evaluating measures (the deadline most tests follow)."""
    return [card for card in cards(bot.channel, user) if EVALUATE in card_text(card)]


def submit_data(card: dict[str, Any], intent: str) -> dict[str, Any]:
    return next(a["data"] for a in card["actions"] if a["data"]["intent"] == intent)


async def open_case_at_level_1(bot: ScheduledBot, teacher: User, pupil: str = "Ole") -> None:
    await bot.channel.install(teacher)
    await bot.channel.send(teacher, f"{pupil} i 5B har vært borte 5 dager")
    await bot.channel.send(teacher, "nei")
    for text in (f"løft saken til {pupil} til nivå 1", "Samtale hver mandag", "Kari Lærer"):
        await bot.channel.send(teacher, text)


def stored_reference(database_url: str, aad_id: str) -> ConversationReferenceRow | None:
    database = Database(database_url)
    try:
        return database.run_sync(
            lambda session: session.exec(
                select(ConversationReferenceRow).where(
                    ConversationReferenceRow.user_aad_id == aad_id
                )
            ).first()
        )
    finally:
        database.dispose()
