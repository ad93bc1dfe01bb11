"""Whole conversations through the real app over HTTP, with a clock the test moves."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from content.calendar import EXAMPLE_CALENDAR
from content.clock import FixedClock
from devkit.local_channel import User
from tests.harness import RunningBot, bot_settings, running_bot

OSLO = ZoneInfo("Europe/Oslo")


def oslo(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=OSLO)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(oslo(2026, 11, 26, 9, 0))  # a Thursday


@pytest.fixture
async def bot(database_url: str, clock: FixedClock) -> AsyncIterator[RunningBot]:
    settings = bot_settings(database_url, school_calendar=EXAMPLE_CALENDAR)
    async with running_bot(settings, clock=clock) as running:
        yield running


@pytest.fixture
def teacher() -> User:
    return User("aad-kari", "Kari Lærer")
