"""The one skeleton of the bot's background work: run a step now and then, for as long as the
app serves, and outlive any failure of the step.

The reminder scheduler and the housekeeping are both this: a `run_once` every `interval_s`,
started and stopped with the aiohttp app through `app.cleanup_ctx` (call the object with the
app). A failing run (database down, connector down) is logged by type and the next run tries
again. With a `Wake`, a kick ends the wait early and runs `on_wake` (the scheduler delivers what
a conversation has just queued), then the wait goes on until the interval has passed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from typing import Any

from casework.wake import Wake

log = logging.getLogger(__name__)


class PeriodicTask:
    name = "periodic"

    def __init__(self, *, interval_s: float, wake: Wake | None = None) -> None:
        self.interval_s = interval_s
        self.wake = wake
        self.runs = 0
        self.failures = 0
        self.ran = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    async def run_once(self) -> Any:
        raise NotImplementedError

    async def on_wake(self) -> None:
        """What a kick between runs does; by default a whole run."""
        await self.run_once()

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    async def run_forever(self) -> None:
        while True:
            if await self._guarded(self.run_once):
                self.runs += 1  # runs that completed; `failures` counts the others
                self.ran.set()
            await self._wait()

    async def _guarded(self, step: Any) -> bool:
        try:
            await step()
        except Exception as error:  # the loop must outlive a database or connector outage
            self.failures += 1
            log.error("%s failed: %s", self.name, type(error).__name__)
            return False
        return True

    async def _wait(self) -> None:
        if self.wake is None:
            await asyncio.sleep(self.interval_s)
            return
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.interval_s
        while (left := deadline - loop.time()) > 0:
            if await self.wake.wait(left):
                await self._guarded(self.on_wake)

    async def __call__(self, app: object) -> AsyncIterator[None]:
        """For `app.cleanup_ctx`: run while the app serves, stop cleanly with it."""
        self._task = asyncio.create_task(self.run_forever(), name=self.name)
        try:
            yield
        finally:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
