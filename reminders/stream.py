"""A tenant's claimed rows as one paced stream (issue 19): each batch the scheduler claims joins
the one being sent as soon as that one's last message has started (`PacedBatch.extend`), so a
502's jittered retries at a batch's end hold back none of the next; what has come back is
recorded beside the sending, one recording at a time.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from reminders.delivery import Outcome, Outgoing
from reminders.sending import PacedBatch


class TenantStream:
    def __init__(
        self,
        new_batch: Callable[[], PacedBatch],
        record: Callable[[list[Outcome]], Awaitable[None]],
    ) -> None:
        self._new_batch = new_batch
        self._record = record
        self._batch: PacedBatch | None = None
        self._sending: asyncio.Task[list[Outcome]] | None = None
        self._recording: asyncio.Future[None] | None = None
        self.sent = 0
        self.failed = 0

    async def add(self, ready: list[Outgoing]) -> None:
        """Send `ready` after what is under way; returns once its last message has started."""
        if self._batch is not None and self._sending is not None and not self._sending.done():
            self._batch.extend(ready)
            await self._recorded(self._batch.take_outcomes())
        else:
            if self._sending is not None:
                await self._recorded(self._sending.result())
            self._batch = self._new_batch()
            self._batch.extend(ready)
            self._sending = asyncio.ensure_future(self._batch.run())
        launched = asyncio.ensure_future(self._batch.launched.wait())
        await asyncio.wait({launched, self._sending}, return_when=asyncio.FIRST_COMPLETED)
        launched.cancel()

    async def finish(self) -> tuple[int, int]:
        """Until everything is settled and recorded: (sent, failed)."""
        if self._sending is not None:
            await self._recorded(await self._sending)
        if self._recording is not None:
            await self._recording
        return self.sent, self.failed

    def cancel(self) -> None:
        if self._sending is not None:
            self._sending.cancel()

    async def _recorded(self, outcomes: list[Outcome]) -> None:
        if self._recording is not None:
            await self._recording
        self._recording = asyncio.ensure_future(self._record(outcomes))
        self.sent += sum(outcome.error is None for outcome in outcomes)
        self.failed += sum(
            outcome.error is not None and not outcome.deferred for outcome in outcomes
        )
