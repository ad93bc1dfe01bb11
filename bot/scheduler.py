"""The reminder scheduler: one asyncio task in the bot's process, started and stopped with the app.

Every `interval_s` it runs one sweep: plan (write what is due into the outbox), then deliver
(lease, send through the connector, record). Every instance behind a load balancer runs it; the
outbox makes that safe (see `storage/reminders.py`). A dialog that queued a message (the report
to leadership) wakes the loop through `kick()` so it goes out now, not at the next sweep.
Time comes from the injected clock, so tests drive `run_once` with a clock they move.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from aiohttp import web

from bot.keys import ADAPTER_KEY, SERVICES_KEY
from bot.proactive import ProactiveSender, RecipientGone, SendFailed
from bot.references import ConversationReferences
from bot.settings import Settings
from dialogs import outbox
from dialogs.services import Services

log = logging.getLogger(__name__)

INTERVAL_S = 60.0
LEASE = timedelta(minutes=5)  # longer than the connector's 30 s timeout, so no send outlives it
BATCH = 100
CONCURRENT_SENDS = 16


@dataclass(frozen=True)
class SweepReport:
    deadlines: int
    planned: int
    sent: int
    failed: int


class Scheduler:
    def __init__(
        self,
        services: Services,
        sender: ProactiveSender,
        *,
        interval_s: float = INTERVAL_S,
        batch: int = BATCH,
    ) -> None:
        self.services = services
        self.sender = sender
        self.interval_s = interval_s
        self.batch = batch
        self.sweeps = 0
        self.swept = asyncio.Event()
        self._wake = asyncio.Event()
        self._limit = asyncio.Semaphore(CONCURRENT_SENDS)
        self._task: asyncio.Task[None] | None = None

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def kick(self) -> None:
        self._wake.set()

    async def run_once(self, now: datetime | None = None) -> SweepReport:
        now = now or self.services.clock.now()
        deadlines, planned = await self.plan(now)
        sent, failed = await self.deliver(now)
        self.sweeps += 1
        self.swept.set()
        return SweepReport(deadlines, planned, sent, failed)

    async def plan(self, now: datetime) -> tuple[int, int]:
        services, database, handled = self.services, self.services.database, 0
        while True:
            count = await database.run(
                lambda s: outbox.plan_deadlines(s, services, now, self.batch)
            )
            handled += count
            if count < self.batch:
                break
        planned = await database.run(lambda s: outbox.plan_digest(s, services, now))
        planned += await database.run(lambda s: outbox.plan_annual_wheel(s, services, now))
        return handled, planned

    async def deliver(self, now: datetime) -> tuple[int, int]:
        """Send everything pending; a failed row waits for its retry time, later sweeps."""
        services, sent, failed = self.services, 0, 0
        while True:
            ready = await services.database.run(
                lambda s: outbox.claim(s, services, now, LEASE, self.batch)
            )
            if not ready:
                return sent, failed
            outcomes = await asyncio.gather(*(self._send(item) for item in ready))
            await services.database.run(lambda s, o=outcomes: outbox.record(s, o, now))
            failed += sum(outcome.error is not None for outcome in outcomes)
            sent += sum(outcome.error is None for outcome in outcomes)

    async def _send(self, item: outbox.Outgoing) -> outbox.Outcome:
        keys = (item.reminder_id, item.tenant_id, item.recipient_aad_id)
        async with self._limit:
            try:
                activity_id = await self.sender.send(item.reference, item.activity)
            except RecipientGone as error:
                return outbox.Outcome(*keys, error=str(error), gone=True)
            except SendFailed as error:
                log.warning("reminder %s not sent: %s", item.reminder_id, error)
                return outbox.Outcome(*keys, error=str(error))
        return outbox.Outcome(*keys, activity_id=activity_id)

    async def run_forever(self) -> None:
        while True:
            try:
                await self.run_once()
            except Exception as error:  # the loop must outlive a database or connector outage
                log.error("reminder sweep failed: %s", type(error).__name__)
            await self._wait()

    async def _wait(self) -> None:
        """Until the interval has passed, or a dialog kicks: then only deliver, and wait on."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.interval_s
        while (left := deadline - loop.time()) > 0:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=left)
            if self._wake.is_set():
                self._wake.clear()
                try:
                    await self.deliver(self.services.clock.now())
                except Exception as error:
                    log.error("reminder delivery failed: %s", type(error).__name__)

    async def __call__(self, app: web.Application) -> AsyncIterator[None]:
        """For `app.cleanup_ctx`: run while the app serves, stop cleanly with it."""
        self._task = asyncio.create_task(self.run_forever(), name="reminder-scheduler")
        yield
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task


SCHEDULER_KEY = web.AppKey("scheduler", Scheduler)


def install_scheduler(
    app: web.Application, settings: Settings, *, interval_s: float = INTERVAL_S
) -> Scheduler:
    """Reference middleware + scheduler task; call once in `create_app`, after the adapter."""
    if SCHEDULER_KEY in app:
        return app[SCHEDULER_KEY]
    services = app[SERVICES_KEY]
    adapter = app[ADAPTER_KEY]
    scheduler = Scheduler(
        services, ProactiveSender(adapter, settings.app_id), interval_s=interval_s
    )
    adapter.use(ConversationReferences(services.database, services.clock, scheduler.kick))
    app[SCHEDULER_KEY] = scheduler
    # Before the database closes: cleanup_ctx unwinds in reverse order of registration.
    app.cleanup_ctx.append(scheduler)
    return scheduler
