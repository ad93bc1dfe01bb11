"""Two schools (tenants) with teachers and leaders, on one bot that allows both: the data
separation itself is under test, not the tenant allow-list."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

from content.calendar import EXAMPLE_CALENDAR
from content.clock import FixedClock
from devkit.local_channel import User
from tests.harness import RunningBot, bot_settings, running_bot

TENANT_A = "tenant-a"
TENANT_B = "tenant-b"
KARI = User("aad-kari", "Kari Lærer", tenant_id=TENANT_A)
PER = User("aad-per", "Per Lærer", tenant_id=TENANT_A)
RITA = User("aad-rita", "Rita Rektor", tenant_id=TENANT_A)
BJORN = User("aad-bjorn", "Bjørn Lærer", tenant_id=TENANT_B)
BERIT = User("aad-berit", "Berit Rektor", tenant_id=TENANT_B)


@contextlib.asynccontextmanager
async def two_schools(database_url: str, clock: FixedClock) -> AsyncIterator[RunningBot]:
    settings = bot_settings(
        database_url,
        school_calendar=EXAMPLE_CALENDAR,
        allowed_tenants=[TENANT_A, TENANT_B],
        leaders=[RITA.aad_object_id, BERIT.aad_object_id],
    )
    async with running_bot(settings, clock=clock) as running:
        yield running


def card_elements(element: object) -> list[dict[str, Any]]:
    """Every JSON object in a card, depth first."""
    found: list[dict[str, Any]] = []
    if isinstance(element, dict):
        found.append(element)
        for value in element.values():
            found.extend(card_elements(value))
    elif isinstance(element, list):
        for value in element:
            found.extend(card_elements(value))
    return found
