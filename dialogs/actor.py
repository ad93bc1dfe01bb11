"""Who is asking, and what they may see: staff their own cases, leaders every case in the tenant.

The tenant and the user come from the activity Teams signed; nothing the user types can change
them. A case another teacher owns is answered as "not found", so its existence does not leak.

Leaders are configured in the settings (aad object ids or UPNs) or added by a leader in chat
(the `leader` table). Teams sends the aad id on every activity but not the UPN, so when some
leader is known only by UPN the user's UPN is asked of Teams once and kept in `user_profile`.
`resolve_actor` does that at the start of every turn (the root dialog calls it) and keeps the
result in the turn state; `actor_of` then reads it without touching the database.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from botbuilder.core import TurnContext
from botbuilder.core.teams import TeamsInfo
from sqlmodel import Session

from dialogs.services import Services
from storage import leaders as leader_repo
from storage import repository as repo
from storage.dialect import Executor
from storage.leaders import LeaderFacts
from storage.models import Case

LOCAL_TENANT = "local"
ACTOR_KEY = "naervaer.actor"
SEEN_KEY = "naervaer.actor.seen"
NOT_FOUND = 404
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Actor:
    tenant_id: str
    aad_id: str
    name: str
    is_leader: bool


@dataclass(frozen=True)
class Configured:
    """The settings' leaders, split into aad ids and (lower-case) UPNs."""

    aad_ids: frozenset[str]
    upns: frozenset[str]

    @classmethod
    def parse(cls, values: tuple[str, ...]) -> Configured:
        cleaned = [value.strip() for value in values if value.strip()]
        upns = frozenset(leader_repo.normalize_upn(v) for v in cleaned if "@" in v)
        return cls(frozenset(v for v in cleaned if "@" not in v), upns)

    def names(self, aad_id: str, upn: str | None) -> bool:
        return aad_id in self.aad_ids or (upn is not None and upn in self.upns)


def tenant_of(context: TurnContext) -> str:
    activity = context.activity
    tenant = activity.conversation.tenant_id if activity.conversation else None
    if not tenant and isinstance(activity.channel_data, dict):
        tenant = (activity.channel_data.get("tenant") or {}).get("id")
    return tenant or LOCAL_TENANT


def _identity(context: TurnContext, is_leader: bool = False) -> Actor:
    user = context.activity.from_property
    return Actor(
        tenant_id=tenant_of(context),
        aad_id=user.aad_object_id or user.id,
        name=user.name or "",
        is_leader=is_leader,
    )


def actor_of(context: TurnContext, services: Services) -> Actor:
    """The actor `resolve_actor` found this turn; without it, configured aad ids only."""
    resolved = context.turn_state.get(ACTOR_KEY)
    if isinstance(resolved, Actor):
        return resolved
    actor = _identity(context)
    return replace(actor, is_leader=actor.aad_id in Configured.parse(services.leaders).aad_ids)


def read_seen(executor: Executor, me: Actor) -> LeaderFacts:
    """What the database knows of this user as a leader; read with the turn's other reads."""
    return leader_repo.leader_facts(executor, tenant_id=me.tenant_id, aad_object_id=me.aad_id)


def seed_seen(context: TurnContext, seen: LeaderFacts) -> None:
    """Hand `resolve_actor` the facts the turn's first transaction already read."""
    context.turn_state[SEEN_KEY] = seen


def identity_of(context: TurnContext) -> Actor:
    """Who sent this activity, before it is known whether they lead the school."""
    return _identity(context)


async def resolve_actor(context: TurnContext, services: Services) -> Actor:
    """Decide once per turn whether the user is a leader of this tenant, and remember it."""
    resolved = context.turn_state.get(ACTOR_KEY)
    if isinstance(resolved, Actor):
        return resolved
    me = _identity(context)
    configured = Configured.parse(services.leaders)

    seen = context.turn_state.get(SEEN_KEY)
    if not isinstance(seen, LeaderFacts):
        seen = await services.database.run(lambda session: read_seen(session, me))
    looked_up, upn = False, seen.upn
    if (configured.upns or seen.pending) and not seen.upn_checked:
        looked_up, upn = await lookup_upn(context, context.activity.from_property.id)
    is_configured = configured.names(me.aad_id, upn)
    if looked_up or seen.profile_name != me.name or (is_configured and not seen.is_leader):
        may_lead = is_configured or seen.is_leader or bool(upn)
        is_leader = await _record(services, me, upn, looked_up, is_configured, may_lead)
    else:
        is_leader = seen.is_leader or is_configured
    actor = replace(me, is_leader=is_leader)
    context.turn_state[ACTOR_KEY] = actor
    return actor


async def _record(
    services: Services,
    me: Actor,
    upn: str | None,
    looked_up: bool,
    is_configured: bool,
    may_lead: bool,
) -> bool:
    """Write what this turn learnt (profile, UPN, a configured or waiting leader row). Leader
    rows are only touched when the user may be a leader: configured, already one, or with a UPN
    that may claim a waiting row; for everyone else (most staff, on their first message) this
    is the profile alone."""
    now = services.clock.now()

    def write(session: Session) -> bool:
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
        leader_repo.set_leader_names(
            session, tenant_id=tenant, aad_object_id=me.aad_id, name=me.name
        )
        row = leader_repo.find_leader(session, tenant_id=tenant, aad_object_id=me.aad_id)
        return row is not None

    return await services.database.run(write)


async def forget_unconfigured_leaders(services: Services) -> int:
    configured = tuple(services.leaders)

    def prune(session: Session) -> int:
        return leader_repo.prune_configured(session, configured=configured)

    return await services.database.run(prune)


async def lookup_upn(context: TurnContext, member_id: str) -> tuple[bool, str | None]:
    """(checked, upn): checked is False when Teams could not answer now, so ask again later."""
    try:
        member = await TeamsInfo.get_member(context, member_id)
    except Exception as error:  # msrest raises many types; any of them means "not now"
        response = getattr(error, "response", None)
        status = getattr(response, "status_code", None) or getattr(response, "status", None)
        logger.warning("member lookup failed: %s (status %s)", type(error).__name__, status)
        return status == NOT_FOUND, None
    upn = getattr(member, "user_principal_name", None) or getattr(member, "email", None)
    return True, leader_repo.normalize_upn(upn) if upn else None


def may_see(session: Session, actor: Actor, case: Case) -> bool:
    if case.tenant_id != actor.tenant_id:
        return False
    if actor.is_leader or case.owner_aad_id == actor.aad_id:
        return True
    assert case.id is not None
    return repo.is_member(
        session, tenant_id=actor.tenant_id, case_id=case.id, aad_object_id=actor.aad_id
    )


def visible_case(session: Session, actor: Actor, case_id: int) -> Case | None:
    case = repo.get_case(session, tenant_id=actor.tenant_id, case_id=case_id)
    return case if case is not None and may_see(session, actor, case) else None


def visible_cases_of_pupil(
    session: Session, actor: Actor, pupil: str, group: str | None = None
) -> list[Case]:
    cases = repo.find_cases_by_pupil(
        session, tenant_id=actor.tenant_id, pupil_name=pupil, group_name=group
    )
    return [case for case in cases if may_see(session, actor, case)]
