"""Which instance paces which tenant: each tenant with reminders ready is leased to one
instance at a time (`storage.leases`, key `reminders:<tenant>`), and the instances share them.

Every scheduler keeps a heartbeat lease (`scheduler:<holder>`) while it sweeps, so each knows
how many are alive. A sweep takes at most its fair share of the ready tenants (ceil(ready /
alive)), so two instances split an 08:00 burst between their CPUs instead of the first to sweep
taking every school; a tenant that nobody has taken for `SHARE_WAIT` (the other instance sweeps
later, or is gone) is taken beyond the share, so no school waits for another instance's sweep.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from sqlmodel import Session

from storage import leases, outbox

TENANT_KEY = "reminders:"  # + tenant id: the lease of the instance pacing that tenant
ALIVE_KEY = "scheduler:"  # + holder: a sweeping scheduler's heartbeat
# Renewed with every claim (a batch lasts at most about the pacing horizon); one left by a
# stopped or failed instance runs out in this time and another instance takes the tenant on.
TENANT_LEASE = timedelta(seconds=60)
SHARE_WAIT = timedelta(seconds=2)


def heartbeat(session: Session, *, holder: str, now: datetime, ttl: timedelta) -> None:
    key = ALIVE_KEY + holder
    if not leases.renew_lease(session, key=key, holder=holder, now=now, ttl=ttl):
        leases.acquire_turn_lease(session, key=key, holder=holder, now=now, ttl=ttl)


def lease_tenants(
    session: Session,
    *,
    holder: str,
    now: datetime,
    mine: set[str],
    alive_ttl: timedelta,
    idle: frozenset[str] = frozenset(),
) -> list[str]:
    """The ready tenants this instance takes on now (beside `mine`, which it paces already),
    and those of `idle` (of `mine`, their batch done: a row back after a 429) with rows ready
    again, while their lease is still this instance's."""
    heartbeat(session, holder=holder, now=now, ttl=alive_ttl)
    ready = outbox.ready_tenants(session, now=now)
    alive = max(len(leases.live_keys(session, prefix=ALIVE_KEY, now=now)), 1)
    # Every tenant with work counts, also those being sent (their rows claimed, not "ready").
    busy = set(leases.live_keys(session, prefix=TENANT_KEY, now=now))
    room = math.ceil(len(busy | set(ready)) / alive) - len(mine)
    taken = []
    for tenant, since in ready.items():
        if tenant in idle:
            if still_mine(session, holder=holder, tenant=tenant, now=now):
                taken.append(tenant)
            continue
        if tenant in mine or (room <= 0 and since > now - SHARE_WAIT):
            continue
        key = TENANT_KEY + tenant
        if leases.acquire_turn_lease(session, key=key, holder=holder, now=now, ttl=TENANT_LEASE):
            taken.append(tenant)
            room -= 1
    return taken


def release_tenants(session: Session, *, holder: str, tenants: list[str]) -> None:
    for tenant in tenants:
        leases.release_turn_lease(session, key=TENANT_KEY + tenant, holder=holder)


def still_mine(session: Session, *, holder: str, tenant: str, now: datetime) -> bool:
    """Renews the lease; False when it ran out and another instance paces the tenant now."""
    key = TENANT_KEY + tenant
    return leases.renew_lease(session, key=key, holder=holder, now=now, ttl=TENANT_LEASE)
