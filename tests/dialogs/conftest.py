from __future__ import annotations

from datetime import UTC, datetime

import pytest

from casework.school_time import SchoolTime
from casework.services import Services
from content.clock import FixedClock
from content.loader import guide
from content.nlu import default_recognizer
from storage.db import Database


@pytest.fixture
def clock() -> FixedClock:
    # Thursday 26 November 2026, 09:00 in Oslo.
    return FixedClock(datetime(2026, 11, 26, 8, 0, tzinfo=UTC))


@pytest.fixture
def services(database: Database, clock: FixedClock) -> Services:
    return Services(
        database=database,
        guide=guide(),
        recognizer=default_recognizer(),
        school=SchoolTime(clock=clock),
    )
