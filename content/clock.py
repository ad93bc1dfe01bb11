"""The one source of "now". Production uses the system clock; tests move a fixed clock by hand.

Waiting goes through the clock too (`sleep_until`), so the scheduler's pacing can wait for the
next free send slot: the system clock sleeps; a fixed clock is moved to that moment instead, once
no send or query is under way (`in_flight`), so a test's connector stamps each post with the time
it was sent at and no real time passes.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """An aware datetime in UTC."""
        ...

    async def sleep_until(self, moment: datetime) -> None:
        """Return once `moment` has come."""
        ...

    def in_flight(self) -> contextlib.AbstractContextManager[None]:
        """Around work that takes real time (a send, the query that finds what to send): a
        fixed clock does not move while any is under way."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    async def sleep_until(self, moment: datetime) -> None:
        await asyncio.sleep(max((moment - self.now()).total_seconds(), 0.0))

    def in_flight(self) -> contextlib.AbstractContextManager[None]:
        return contextlib.nullcontext()


class ShiftedClock(SystemClock):
    """The system clock moved by a fixed offset: real seconds, another day (the benchmark's
    08:00, the same moment in every process that is given the same offset)."""

    def __init__(self, offset: timedelta) -> None:
        self.offset = offset

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset


class FixedClock:
    """A clock that only moves when told to: for tests and for the benchmark's replay."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")
        self._now = start.astimezone(UTC)
        self._busy = 0
        self._idle = asyncio.Event()

    def now(self) -> datetime:
        return self._now

    def set(self, moment: datetime) -> None:
        if moment.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")
        self._now = moment.astimezone(UTC)

    def advance(self, delta: timedelta) -> None:
        self._now += delta

    async def sleep_until(self, moment: datetime) -> None:
        """Moves the clock to `moment` (never back) once no send is under way."""
        while self._busy:
            self._idle.clear()
            await self._idle.wait()
        self._now = max(self._now, moment.astimezone(UTC))

    @contextlib.contextmanager
    def in_flight(self) -> Iterator[None]:
        self._busy += 1
        try:
            yield
        finally:
            self._busy -= 1
            if not self._busy:
                self._idle.set()
