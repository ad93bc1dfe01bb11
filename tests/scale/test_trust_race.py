"""One open case per pupil across two instances (issue 13, item 3): thirty teachers report the
same pupils at the same moment, half of them to each bot process, on one PostgreSQL."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections import Counter

import pytest
from sqlmodel import col

from bench.serve import BotProcess
from devkit.local_channel import User
from storage.models import Case
from tests.scale.conftest import RecordingConnector
from tests.scenarios.records import rows

POSTGRES_ENV = "NAERVAER_TEST_POSTGRES_URL"
pytestmark = pytest.mark.skipif(
    not os.environ.get(POSTGRES_ENV), reason=f"two instances need PostgreSQL: set {POSTGRES_ENV}"
)
PUPILS = ("Øyvind", "Åse", "Ole", "Nora", "Emil")
TEACHERS = 30


async def report(
    connector: RecordingConnector, bot: BotProcess, user: User, pupil: str
) -> list[int]:
    first = await connector.send_to(
        bot, user, text=f"Jeg er bekymret for {pupil} i 5B, borte 5 dager"
    )
    second = await connector.send_to(bot, user, text="nei")
    return [first.status, second.status]


async def test_thirty_teachers_on_two_instances_open_one_case_per_pupil(
    bots: tuple[BotProcess, BotProcess], connector: RecordingConnector, shared_database_url: str
) -> None:
    tenant = f"race-{uuid.uuid4().hex[:8]}"
    users = [User(f"aad-{tenant}-{n}", f"Lærer {n}", tenant_id=tenant) for n in range(TEACHERS)]
    statuses = await asyncio.gather(
        *(
            report(connector, bots[n % 2], user, PUPILS[n % len(PUPILS)])
            for n, user in enumerate(users)
        )
    )
    assert {status for pair in statuses for status in pair} <= {200, 201}
    open_cases = rows(
        shared_database_url, Case, col(Case.tenant_id) == tenant, col(Case.status) == "open"
    )
    assert Counter(case.pupil_name for case in open_cases) == Counter(PUPILS)
