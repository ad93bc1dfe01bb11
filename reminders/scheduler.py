"""The reminder scheduler: one background task in the bot's process, started and stopped with
the app (casework.periodic).

Every `interval_s` it runs one sweep: plan (write what is due into the outbox), then deliver
(lease, send, record). Every instance behind a load balancer runs it; the outbox makes that safe
(storage/outbox.py). A conversation that queued a message (the report to leadership) kicks the
shared `Wake`, and the scheduler delivers at once instead of at the next sweep. Time comes from
the injected clock, so tests drive `run_once` with a clock they move.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from casework.messages import Message
from casework.periodic import PeriodicTask
from casework.services import Services
from reminders import delivery, planning

log = logging.getLogger(__name__)

INTERVAL_S = 60.0
LEASE = timedelta(minutes=5)  # longer than the connector's 30 s timeout, so no send outlives it
BATCH = 100
CONCURRENT_SENDS = 16


class RecipientGone(Exception):
    """The conversation no longer accepts messages from the bot (the app was removed)."""


class SendFailed(Exception):
    """A failure worth retrying later (connector 5xx, timeout, network)."""


class Sender(Protocol):
    async def send(self, reference: dict[str, Any], message: Message) -> str | None:
        """The id the channel gave the message; raises `RecipientGone` or `SendFailed`."""
        ...


@dataclass(frozen=True)
class SweepReport:
    deadlines: int
    planned: int
    sent: int
    failed: int


class Scheduler(PeriodicTask):
    name = "reminder-scheduler"

    def __init__(
        self,
        services: Services,
        sender: Sender,
        *,
        interval_s: float = INTERVAL_S,
        batch: int = BATCH,
    ) -> None:
        super().__init__(interval_s=interval_s, wake=services.outbox)
        self.services = services
        self.sender = sender
        self.batch = batch
        self._limit = asyncio.Semaphore(CONCURRENT_SENDS)

    async def run_once(self, now: datetime | None = None) -> SweepReport:
        now = now or self.services.clock.now()
        deadlines, planned = await self.plan(now)
        sent, failed = await self.deliver(now)
        return SweepReport(deadlines, planned, sent, failed)

    async def on_wake(self) -> None:
        await self.deliver(self.services.clock.now())

    async def plan(self, now: datetime) -> tuple[int, int]:
        database, school, handled = self.services.database, self.services.school, 0
        while True:
            count = await database.run(
                lambda s: planning.plan_deadlines(s, school, now, self.batch)
            )
            handled += count
            if count < self.batch:
                break
        planned = await database.run(lambda s: planning.plan_digest(s, school, now))
        planned += await database.run(lambda s: planning.plan_annual_wheel(s, school, now))
        planned += await database.run(lambda s: planning.plan_meetings(s, school, now))
        schools = self.services.schools
        planned += await database.run(
            lambda s: planning.plan_municipality_digest(s, school, now, schools)
        )
        return handled, planned

    async def deliver(self, now: datetime) -> tuple[int, int]:
        """Send everything pending; a failed row waits for its retry time, later sweeps."""
        services, sent, failed = self.services, 0, 0
        while True:
            ready = await services.database.run(
                lambda s: delivery.claim(s, services, now, LEASE, self.batch)
            )
            if not ready:
                return sent, failed
            outcomes = await asyncio.gather(*(self._send(item) for item in ready))
            await services.database.run(lambda s, o=outcomes: delivery.record(s, o, now))
            failed += sum(outcome.error is not None for outcome in outcomes)
            sent += sum(outcome.error is None for outcome in outcomes)

    async def _send(self, item: delivery.Outgoing) -> delivery.Outcome:
        keys = (item.reminder_id, item.tenant_id, item.recipient_aad_id)
        async with self._limit:
            try:
                activity_id = await self.sender.send(item.reference, item.message)
            except RecipientGone as error:
                return delivery.Outcome(*keys, error=str(error), gone=True)
            except SendFailed as error:
                log.warning("reminder %s not sent: %s", item.reminder_id, error)
                return delivery.Outcome(*keys, error=str(error))
        return delivery.Outcome(*keys, activity_id=activity_id)
