"""The reminder scheduler: one background task in the bot's process, started and stopped with
the app (casework.periodic).

Every `interval_s` it runs one sweep: plan (write what is due into the outbox), then deliver
(lease, send, record). Every instance behind a load balancer runs it; the outbox makes that safe
(storage/outbox.py). A conversation that queued a message (the report to leadership) kicks the
shared `Wake`, and the scheduler delivers at once instead of at the next sweep. Time comes from
the injected clock, so tests drive `run_once` with a clock they move.

Delivery keeps to Teams' rate limits (issue 19): each tenant with something to send is leased
to one instance (`reminders.tenants`: the instances share the tenants), which paces that tenant
and its conversations in memory (`reminders.pacing`, `reminders.sending`) while the rows
themselves are claimed as before, so two instances never send one reminder twice and never
together exceed a tenant's rate. Tenants are delivered side by side.
"""

from __future__ import annotations

import asyncio
import functools
import itertools
import logging
import uuid
from asyncio import FIRST_COMPLETED
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session

from casework.periodic import PeriodicTask
from casework.services import Services
from reminders import delivery, planning, tenants
from reminders.pacing import Pacer, Rate, parse_rates
from reminders.sending import PacedBatch, Sender
from reminders.stream import TenantStream
from storage import outbox

log = logging.getLogger(__name__)

INTERVAL_S = 60.0
LEASE = timedelta(minutes=5)  # longer than the connector's 30 s timeout, so no send outlives it
BATCH = 100
SHARE_WAIT_S = tenants.SHARE_WAIT.total_seconds()
FIRST_BATCH = 10  # a tenant's first claim in a sweep
# Teams' documented limits (bot/settings.py makes them configurable).
CONVERSATION_RATES = parse_rates("7/1s,60/30s")
TENANT_RATES = parse_rates("50/1s")
# A message whose slot is further off than this is released to the outbox until then, so no
# lease is held while it waits (a 429's Retry-After always is).
HORIZON = timedelta(seconds=30)
# Deadlines whose reminder time comes within this are planned ahead (rows waiting in the outbox
# until then), so the sweeps before 08:00 do the planning and 08:00 itself only sends: two
# sweeps' worth at the production interval. A timer kicks delivery at the planned moment.
PLAN_AHEAD = timedelta(minutes=2)
WAKE_LATE_S = 0.005  # a timer on the loop's clock fires a hair after the moment, never before


@dataclass(frozen=True)
class SweepReport:
    deadlines: int
    planned: int
    sent: int
    failed: int


@dataclass(frozen=True)
class Pacing:
    conversation: tuple[Rate, ...] = CONVERSATION_RATES
    tenant: tuple[Rate, ...] = TENANT_RATES


class Scheduler(PeriodicTask):
    name = "reminder-scheduler"

    def __init__(
        self,
        services: Services,
        sender: Sender,
        *,
        interval_s: float = INTERVAL_S,
        batch: int = BATCH,
        pacing: Pacing | None = None,
        plan_ahead: timedelta = PLAN_AHEAD,
    ) -> None:
        super().__init__(interval_s=interval_s, wake=services.outbox)
        self.services = services
        self.sender = sender
        self.batch = batch
        self.plan_ahead = plan_ahead
        self._armed: set[datetime] = set()  # the moments a wake timer is set for
        pacing = pacing or Pacing()
        self.pacer = Pacer(pacing.conversation, pacing.tenant)
        self.holder = uuid.uuid4().hex  # this instance, in the tenant leases
        self._alive = timedelta(seconds=2 * interval_s + 10)  # its heartbeat outlives a sweep
        self._released: datetime | None = None  # the first deferred row's time, after a sweep
        self._more = asyncio.Event()  # set when planning has written a batch
        self._delivering = asyncio.Lock()

    async def run_once(self, now: datetime | None = None) -> SweepReport:
        """Plan and deliver side by side: what a planned batch wrote goes out while the next
        batch is planned, so an 08:00 burst is not held back until all of it is planned."""
        now = now or self.services.clock.now()
        planning = asyncio.create_task(self.plan(now))
        try:
            sent, failed = await self.deliver(now, planning)
        except BaseException:
            planning.cancel()
            raise
        deadlines, planned = await planning
        return SweepReport(deadlines, planned, sent, failed)

    async def on_wake(self) -> None:
        await self.deliver(self.services.clock.now())

    async def plan(self, now: datetime) -> tuple[int, int]:
        try:
            with self.services.clock.in_flight():  # a fixed clock waits for the plan
                return await self._plan(now)
        finally:
            self._planned_batch()

    async def _plan(self, now: datetime) -> tuple[int, int]:
        database, school, handled = self.services.database, self.services.school, 0
        while True:
            count = await database.run(
                lambda s: planning.plan_deadlines(s, school, now, self.batch, ahead=self.plan_ahead)
            )
            handled += count
            self._planned_batch()
            if count < self.batch:
                break
        if self.plan_ahead:  # also what an instance restarted since planning must send
            self._wake_at(await database.run(lambda s: outbox.next_planned(s, after=now)))
        planned = await database.run(lambda s: planning.plan_digest(s, school, now))
        planned += await database.run(lambda s: planning.plan_annual_wheel(s, school, now))
        planned += await database.run(lambda s: planning.plan_meetings(s, school, now))
        schools = self.services.schools
        planned += await database.run(
            lambda s: planning.plan_municipality_digest(s, school, now, schools)
        )
        return handled, planned

    def _planned_batch(self) -> None:
        """Wake whoever waits for more rows (a fresh event for the next batch)."""
        self._more.set()
        self._more = asyncio.Event()

    async def _more_or_done(
        self, more: asyncio.Event, *tasks: asyncio.Task[Any], timeout: float | None = None
    ) -> None:
        """Until planning writes a batch or one of `tasks` ends (a task already done does not
        count: it would wake the caller at once, again and again)."""
        waiting = asyncio.ensure_future(more.wait())
        running = {task for task in tasks if not task.done()}
        await asyncio.wait({waiting, *running}, timeout=timeout, return_when=FIRST_COMPLETED)
        waiting.cancel()

    async def deliver(
        self, now: datetime, planning: asyncio.Task[Any] | None = None
    ) -> tuple[int, int]:
        """Send everything that may go now, each tenant's share paced (a deferred row waits in
        the outbox for its time); the tenants another instance is pacing are left to it. While
        `planning` runs, the tenants its batches add are taken on too. One delivery at a time:
        a kick that comes during a sweep waits for it (they share the pacing and the leases)."""
        async with self._delivering:
            counts = await self._deliver(now, planning)
        telemetry = self.services.telemetry
        if telemetry.enabled:
            telemetry.reminders_backlog(await self.services.database.run(outbox.count_pending))
        return counts

    async def _deliver(self, now: datetime, planning: asyncio.Task[Any] | None) -> tuple[int, int]:
        database, clock = self.services.database, self.services.clock
        workers: dict[str, list[asyncio.Task[tuple[int, int]]]] = {}  # each tenant's, in turn
        self._released = None
        try:
            await self._take_on_tenants(now, planning, workers)
        except BaseException:  # stopping, or the database is down: a held lease runs out
            for worker in itertools.chain.from_iterable(workers.values()):
                worker.cancel()
            raise
        every = itertools.chain.from_iterable(workers.values())
        results = await asyncio.gather(*every, return_exceptions=True)
        await database.run(
            lambda s: tenants.release_tenants(s, holder=self.holder, tenants=list(workers))
        )
        self.pacer.forget(clock.now())
        self._wake_when_released()
        counts = []
        for result in results:
            if isinstance(result, BaseException):
                raise result
            counts.append(result)
        return sum(sent for sent, _ in counts), sum(failed for _, failed in counts)

    async def _take_on_tenants(
        self,
        now: datetime,
        planning: asyncio.Task[Any] | None,
        workers: dict[str, list[asyncio.Task[tuple[int, int]]]],
    ) -> None:
        """Lease each tenant that has rows ready and start its worker, until planning is done
        and every worker has finished. A tenant whose worker has finished keeps its lease (its
        pacing is in this instance's memory) and gets a new worker when rows of it are ready
        again (a 429's Retry-After has passed): they waited for every other tenant before."""
        database, clock = self.services.database, self.services.clock
        while True:
            more, planned = self._more, planning is None or planning.done()
            idle = frozenset(tenant for tenant, tasks in workers.items() if tasks[-1].done())
            lease = functools.partial(
                tenants.lease_tenants,
                holder=self.holder,
                now=max(now, clock.now()),  # rows back after a 429 are ready by now
                mine=set(workers),
                alive_ttl=self._alive,
                idle=idle,
            )
            with clock.in_flight():
                found = await database.run(lease)
            for tenant in found:
                worker = asyncio.create_task(self._deliver_tenant(tenant, planning))
                workers.setdefault(tenant, []).append(worker)
            busy = [tasks[-1] for tasks in workers.values() if not tasks[-1].done()]
            if planned and not busy:
                if idle == frozenset(workers):
                    return
                continue  # a worker ended while the lease was asked for: its rows, again
            # A tenant left to another instance's share is looked at again after SHARE_WAIT.
            await self._more_or_done(
                more, *busy, *([planning] if planning else []), timeout=SHARE_WAIT_S
            )

    def _claim(self, session: Session, tenant: str, limit: int) -> list[delivery.Outgoing]:
        now = self.services.clock.now()
        if not tenants.still_mine(session, holder=self.holder, tenant=tenant, now=now):
            return []
        return delivery.claim(session, self.services, now, LEASE, limit, tenant)

    async def _deliver_tenant(
        self, tenant: str, planning: asyncio.Task[Any] | None
    ) -> tuple[int, int]:
        """A tenant's rows, batch by batch, until none is left and planning is done. The next
        batch is claimed while one is sent, and joins it (`reminders.stream`)."""
        database, telemetry = self.services.database, self.services.telemetry
        # A small first batch, so the first message goes soon; then whole ones.
        limits = itertools.chain((FIRST_BATCH,), itertools.repeat(self.batch))

        async def claiming_next(limit: int) -> list[delivery.Outgoing]:
            with self.services.clock.in_flight():  # a fixed clock waits for the rows
                return await database.run(lambda s: self._claim(s, tenant, limit))

        def claim() -> asyncio.Future[list[delivery.Outgoing]]:
            return asyncio.ensure_future(claiming_next(next(limits)))

        def new_batch() -> PacedBatch:
            return PacedBatch(self.sender, self.pacer, self.services.clock, HORIZON, telemetry)

        stream = TenantStream(new_batch, self._record)
        claiming = claim()
        try:
            while True:
                more, planned = self._more, planning is None or planning.done()
                ready = await claiming
                if not ready:
                    if planned:
                        break
                    await self._more_or_done(more, *([planning] if planning else []))
                    claiming = claim()
                    continue
                claiming = claim()
                telemetry.reminders_due(sum(item.first_take for item in ready))
                await stream.add(ready)
        except BaseException:
            claiming.cancel()
            stream.cancel()
            raise
        return await stream.finish()

    async def _record(self, outcomes: list[delivery.Outcome]) -> None:
        if not outcomes:
            return
        now = self.services.clock.now()
        await self.services.database.run(lambda s: delivery.record(s, outcomes, now))
        for outcome in outcomes:
            if outcome.deferred and outcome.retry_at is not None:
                self._released = min(self._released or outcome.retry_at, outcome.retry_at)

    def _wake_when_released(self) -> None:
        """Deliver a deferred row when its time comes (a Retry-After, a slot), not only at the
        next sweep."""
        self._wake_at(self._released)

    def _wake_at(self, moment: datetime | None) -> None:
        """Kick delivery when `moment` comes (once per moment, however many sweeps ask)."""
        if moment is None or moment in self._armed:
            return
        self._armed.add(moment)
        delay = (moment - self.services.clock.now()).total_seconds() + WAKE_LATE_S

        def kick() -> None:
            self._armed.discard(moment)
            self.services.outbox.kick()

        asyncio.get_running_loop().call_later(max(delay, 0.0), kick)
