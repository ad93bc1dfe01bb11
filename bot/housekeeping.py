"""Housekeeping: retention of closed cases and forgetting old delivery markers, on a timer.

Runs inside the bot process as one asyncio task, started and stopped with the aiohttp app through
`app.cleanup_ctx`. Every instance behind a load balancer runs it; that is harmless, as a second
purge of the same rows deletes nothing and audits nothing. A failing run (database down) is logged
by type and retried at the next interval: retention is a matter of days, not seconds.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from aiohttp import web
from sqlmodel import Session

from content.clock import Clock
from storage import repository as repo
from storage.db import Database

log = logging.getLogger(__name__)

SYSTEM_ACTOR = "system"
PURGE_ACTION = "retention.purged"
# Teams retries a delivery within minutes; a day of markers covers it with room to spare.
MARKER_LIFETIME = timedelta(days=1)


@dataclass(frozen=True)
class HousekeepingReport:
    cases_purged: dict[str, int]
    markers_forgotten: int


class Housekeeping:
    """Call the instance with the app (as `cleanup_ctx` does) to run it until the app stops."""

    def __init__(
        self, database: Database, clock: Clock, *, retention_days: int, interval_s: float
    ) -> None:
        if retention_days < 1:
            raise ValueError("retention_days must be at least 1")
        self._database = database
        self._clock = clock
        self._retention = timedelta(days=retention_days)
        self._interval_s = interval_s
        self.runs = 0
        self.failures = 0
        self.ran = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    async def run_once(self) -> HousekeepingReport:
        now = self._clock.now()
        closed_before = now - self._retention
        tenants = await self._database.run(
            lambda session: repo.expired_case_tenants(session, closed_before=closed_before)
        )
        purged = {}
        for tenant_id in tenants:
            # One transaction per school: the purge and its audit event commit together.
            purged[tenant_id] = await self._database.run(
                lambda session, tenant=tenant_id: _purge_tenant(session, tenant, closed_before, now)
            )
        forgotten = await self._database.run(
            lambda session: repo.forget_processed_activities(session, before=now - MARKER_LIFETIME)
        )
        self.runs += 1
        self.ran.set()
        return HousekeepingReport(purged, forgotten)

    async def run_forever(self) -> None:
        while True:
            try:
                await self.run_once()
            except Exception as error:  # keep the timer alive; the next run tries again
                self.failures += 1
                log.warning("housekeeping failed: %s", type(error).__name__)
            await asyncio.sleep(self._interval_s)

    async def __call__(self, app: web.Application) -> AsyncIterator[None]:
        self._task = asyncio.create_task(self.run_forever(), name="housekeeping")
        try:
            yield
        finally:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task


def _purge_tenant(session: Session, tenant_id: str, closed_before: datetime, now: datetime) -> int:
    count = repo.purge_closed_cases(session, closed_before=closed_before, tenant_id=tenant_id)
    if count:
        repo.record_audit(
            session,
            tenant_id=tenant_id,
            actor_aad_id=SYSTEM_ACTOR,
            action=PURGE_ACTION,
            detail={"cases": count},
            at=now,
        )
    return count


def housekeeping_context(
    database: Database, clock: Clock, *, retention_days: int = 365, interval_s: float = 3600
) -> Housekeeping:
    """For `app.cleanup_ctx.append(...)`; the returned object also offers `run_once()`."""
    return Housekeeping(database, clock, retention_days=retention_days, interval_s=interval_s)
