"""Deciding, once per turn, whether the person writing leads the school, and writing down what the
turn learnt about them (their profile, their UPN, a configured or waiting leader row).

The edge knows who sent the activity and can ask Teams for the UPN; everything else is here:
when the UPN is worth asking for, and what follows from the answer. Teams sends the aad id on
every activity but not the UPN, so when some leader is known only by UPN the user's UPN is asked
of Teams once and kept in `user_profile`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import datetime

from sqlmodel import Session

from casework.access import Actor, ConfiguredLeaders
from casework.services import Services
from storage import leaders as leader_repo
from storage.dialect import Executor
from storage.leaders import LeaderFacts

# (checked, upn): checked is False when Teams could not answer now, so ask again later.
UpnLookup = Callable[[], Awaitable[tuple[bool, str | None]]]


def read_seen(executor: Executor, me: Actor) -> LeaderFacts:
    """What the database knows of this user as a leader; read with the turn's other reads."""
    return leader_repo.leader_facts(executor, tenant_id=me.tenant_id, aad_object_id=me.aad_id)


def wants_upn(configured: ConfiguredLeaders, seen: LeaderFacts) -> bool:
    """Only when some leader is known by UPN alone, and only until Teams has answered once."""
    return bool(configured.upns or seen.pending) and not seen.upn_checked


async def settle_actor(
    services: Services, me: Actor, seen: LeaderFacts | None, lookup_upn: UpnLookup
) -> Actor:
    """`me` with `is_leader` decided; writes only when the turn learnt something new."""
    configured = services.leaders
    if seen is None:
        seen = await services.database.run(lambda session: read_seen(session, me))
    looked_up, upn = False, seen.upn
    if wants_upn(configured, seen):
        looked_up, upn = await lookup_upn()
    is_configured = configured.names(me.aad_id, upn)
    if looked_up or seen.profile_name != me.name or (is_configured and not seen.is_leader):
        may_lead = is_configured or seen.is_leader or bool(upn)
        now = services.clock.now()
        is_leader = await services.database.run(
            lambda session: _record(session, me, upn, looked_up, is_configured, may_lead, now)
        )
    else:
        is_leader = seen.is_leader or is_configured
    return replace(me, is_leader=is_leader)


def _record(
    session: Session,
    me: Actor,
    upn: str | None,
    looked_up: bool,
    is_configured: bool,
    may_lead: bool,
    now: datetime,
) -> bool:
    """Leader rows are only touched when the user may be a leader: configured, already one, or
    with a UPN that may claim a waiting row; for everyone else (most staff, on their first
    message) this is the profile alone."""
    tenant = me.tenant_id
    leader_repo.save_profile(
        session,
        tenant_id=tenant,
        aad_object_id=me.aad_id,
        display_name=me.name,
        upn=upn,
        upn_checked=looked_up,
        now=now,
    )
    if not may_lead:
        return False
    if upn:
        leader_repo.claim_pending_leader(
            session, tenant_id=tenant, aad_object_id=me.aad_id, upn=upn, display_name=me.name
        )
    if is_configured:
        leader_repo.add_leader(
            session,
            tenant_id=tenant,
            source=leader_repo.CONFIGURED,
            aad_object_id=me.aad_id,
            upn=upn,
            display_name=me.name,
            now=now,
        )
    leader_repo.set_leader_names(session, tenant_id=tenant, aad_object_id=me.aad_id, name=me.name)
    return leader_repo.find_leader(session, tenant_id=tenant, aad_object_id=me.aad_id) is not None


async def forget_unconfigured_leaders(services: Services) -> int:
    """Someone taken out of NAERVAER_LEADERS stops being a leader when the bot restarts."""
    configured = services.leaders.raw + services.schools.all_leader_settings()
    return await services.database.run(
        lambda session: leader_repo.prune_configured(session, configured=configured)
    )
