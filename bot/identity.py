"""Who sent this activity: the tenant and the user Teams signed, and whether they lead the school.

Resolved once per turn, before any conversation runs, and handed to the dialogs through the turn
state (`dialogs.engine.turn.set_actor`). The tenant follows one rule, the allow-list's
(`bot.auth.claimed_tenants`): the same ids that let an activity in decide whose data it sees.
The leader decision itself is casework's (`casework.actors`); the edge only asks Teams for the
user's UPN when that decision needs it.
"""

from __future__ import annotations

import logging

from botbuilder.core import TurnContext
from botbuilder.core.teams import TeamsInfo

from bot.auth import claimed_tenants
from casework.access import LOCAL_TENANT, Actor
from casework.actors import settle_actor
from casework.services import Services
from dialogs.engine.turn import set_actor
from storage import leaders as leader_repo
from storage.leaders import LeaderFacts

NOT_FOUND = 404
logger = logging.getLogger(__name__)


def tenant_of(context: TurnContext) -> str:
    """The tenant the activity names (the allow-list checked every name it gives)."""
    claimed = claimed_tenants(context.activity)
    return claimed[0] if claimed else LOCAL_TENANT


def identity_of(context: TurnContext) -> Actor:
    """Who sent this activity, before it is known whether they lead the school."""
    user = context.activity.from_property
    return Actor(
        tenant_id=tenant_of(context), aad_id=user.aad_object_id or user.id, name=user.name or ""
    )


async def resolve_actor(
    context: TurnContext, services: Services, seen: LeaderFacts | None = None
) -> Actor:
    """Decide once per turn whether the user leads this tenant, and put it in the turn state."""
    me = identity_of(context)
    member_id = context.activity.from_property.id

    async def lookup() -> tuple[bool, str | None]:
        return await lookup_upn(context, member_id)

    actor = await settle_actor(services, me, seen, lookup)
    set_actor(context, actor)
    return actor


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
