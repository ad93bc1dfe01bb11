"""Housekeeping: retention of closed cases and forgetting old delivery markers, on a timer.

Every instance behind a load balancer runs it; that is harmless, as a second purge of the same
rows deletes nothing and audits nothing. Retention is a matter of days, not seconds, so a run
that fails (database down) simply waits for the next interval.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from casework.periodic import PeriodicTask
from casework.vocab import AuditAction
from content.clock import Clock
from storage import repository as repo
from storage.db import Database

SYSTEM_ACTOR = "system"
# Teams retries a delivery within minutes; a day of markers covers it with room to spare.
MARKER_LIFETIME = timedelta(days=1)


@dataclass(frozen=True)
class HousekeepingReport:
    cases_purged: dict[str, int]
    markers_forgotten: int


class Housekeeping(PeriodicTask):
    name = "housekeeping"

    def __init__(
        self, database: Database, clock: Clock, *, retention_days: int, interval_s: float = 3600
    ) -> None:
        if retention_days < 1:
            raise ValueError("retention_days must be at least 1")
        super().__init__(interval_s=interval_s)
        self._database = database
        self._clock = clock
        self._retention = timedelta(days=retention_days)

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
                functools.partial(
                    _purge_tenant, tenant_id=tenant_id, closed_before=closed_before, now=now
                ),
                background=True,  # a year's closed cases of a school: not on the loop
            )
        forgotten = await self._database.run(
            lambda session: repo.forget_processed_activities(session, before=now - MARKER_LIFETIME),
            background=True,
        )
        return HousekeepingReport(purged, forgotten)


def _purge_tenant(session: Session, tenant_id: str, closed_before: datetime, now: datetime) -> int:
    count = repo.purge_closed_cases(session, closed_before=closed_before, tenant_id=tenant_id)
    if count:
        repo.record_audit(
            session,
            tenant_id=tenant_id,
            actor_aad_id=SYSTEM_ACTOR,
            action=AuditAction.RETENTION_PURGED.value,
            detail={"cases": count},
            at=now,
        )
    return count
