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
import functools
import logging
import random
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
# Throttling (Teams' limits): a 429 holds that conversation for its Retry-After (this default
# when the header is missing, at most the cap); a 412/502/504 is retried at once a few times
# with full-jitter exponential backoff before the outbox's own (durable) retry takes over.
DEFAULT_RETRY_AFTER = timedelta(seconds=1)
MAX_RETRY_AFTER = timedelta(hours=1)
TRANSIENT_RETRIES = 2
TRANSIENT_BACKOFF_S = 0.25


class RecipientGone(Exception):
    """The conversation no longer accepts messages from the bot (the app was removed)."""


class SendFailed(Exception):
    """A failure worth retrying later (connector 5xx, timeout, network)."""


class Transient(SendFailed):
    """412, 502 or 504: worth retrying at once, with jittered backoff."""


class Throttled(SendFailed):
    """429: the conversation takes no message before `retry_after` (seconds from now, or a
    moment; None when the connector did not say)."""

    def __init__(self, message: str, retry_after: float | datetime | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


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
        # conversation id -> no send before this moment (the injected clock's time), after a 429
        self._held: dict[str, datetime] = {}
        self.sleep = asyncio.sleep  # the transient-retry backoff; tests may replace it

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
        self._held = {key: until for key, until in self._held.items() if until > now}
        while True:
            ready = await services.database.run(
                lambda s: delivery.claim(s, services, now, LEASE, self.batch)
            )
            if not ready:
                self._wake_when_released(now)
                return sent, failed
            # One conversation's messages go one after another (a 429 holds the rest back);
            # conversations go side by side.
            queues: dict[str, list[delivery.Outgoing]] = {}
            for item in ready:
                queues.setdefault(conversation_of(item.reference), []).append(item)
            results = await asyncio.gather(
                *(self._send_queue(key, items, now) for key, items in queues.items())
            )
            outcomes = [outcome for result in results for outcome in result]
            await services.database.run(
                functools.partial(delivery.record, outcomes=outcomes, now=now)
            )
            failed += sum(outcome.error is not None for outcome in outcomes)
            sent += sum(outcome.error is None for outcome in outcomes)

    async def _send_queue(
        self, conversation: str, items: list[delivery.Outgoing], now: datetime
    ) -> list[delivery.Outcome]:
        outcomes = []
        for item in items:
            held = self._held.get(conversation)
            if held is not None and held > now:
                keys = (item.reminder_id, item.tenant_id, item.recipient_aad_id)
                outcomes.append(
                    delivery.Outcome(*keys, error="throttled", retry_at=held, deferred=True)
                )
                continue
            outcomes.append(await self._send(conversation, item, now))
        return outcomes

    async def _send(
        self, conversation: str, item: delivery.Outgoing, now: datetime
    ) -> delivery.Outcome:
        keys = (item.reminder_id, item.tenant_id, item.recipient_aad_id)
        async with self._limit:
            for attempt in range(TRANSIENT_RETRIES + 1):
                try:
                    activity_id = await self.sender.send(item.reference, item.message)
                except RecipientGone as error:
                    return delivery.Outcome(*keys, error=str(error), gone=True)
                except Throttled as error:
                    until = self._hold(conversation, now, error.retry_after)
                    log.info("reminder %s throttled (429) until %s", item.reminder_id, until)
                    return delivery.Outcome(*keys, error=str(error), retry_at=until)
                except Transient as error:
                    if attempt < TRANSIENT_RETRIES:
                        await self.sleep(random.uniform(0, TRANSIENT_BACKOFF_S * 2**attempt))
                        continue
                    log.warning("reminder %s not sent: %s", item.reminder_id, error)
                    return delivery.Outcome(*keys, error=str(error))
                except SendFailed as error:
                    log.warning("reminder %s not sent: %s", item.reminder_id, error)
                    return delivery.Outcome(*keys, error=str(error))
                return delivery.Outcome(*keys, activity_id=activity_id)
        raise AssertionError("unreachable")  # pragma: no cover

    def _hold(
        self, conversation: str, now: datetime, retry_after: float | datetime | None
    ) -> datetime:
        if isinstance(retry_after, datetime):
            wait = retry_after - now
        elif retry_after is not None:
            wait = timedelta(seconds=retry_after)
        else:
            wait = DEFAULT_RETRY_AFTER
        until = now + min(max(wait, timedelta(0)), MAX_RETRY_AFTER)
        self._held[conversation] = max(until, self._held.get(conversation, until))
        return self._held[conversation]

    def _wake_when_released(self, now: datetime) -> None:
        """Deliver a held conversation when its Retry-After ends, not only at the next sweep."""
        if not self._held:
            return
        delay = (min(self._held.values()) - now).total_seconds()
        asyncio.get_running_loop().call_later(max(delay, 0.0), self.services.outbox.kick)


def conversation_of(reference: dict[str, Any]) -> str:
    conversation = reference.get("conversation") or {}
    return str(conversation.get("id") or reference.get("user", {}).get("id") or "")
