"""Who is asking, and what they may see: staff their own cases, leaders every case in the tenant.

The tenant and the user come from the activity Teams signed; nothing the user types can change
them. A case another teacher owns is answered as "not found", so its existence does not leak.
"""

from __future__ import annotations

from dataclasses import dataclass

from botbuilder.core import TurnContext
from sqlmodel import Session

from dialogs.services import Services
from storage import repository as repo
from storage.models import Case

LOCAL_TENANT = "local"


@dataclass(frozen=True)
class Actor:
    tenant_id: str
    aad_id: str
    name: str
    is_leader: bool


def tenant_of(context: TurnContext) -> str:
    activity = context.activity
    tenant = activity.conversation.tenant_id if activity.conversation else None
    if not tenant and isinstance(activity.channel_data, dict):
        tenant = (activity.channel_data.get("tenant") or {}).get("id")
    return tenant or LOCAL_TENANT


def actor_of(context: TurnContext, services: Services) -> Actor:
    user = context.activity.from_property
    aad_id = user.aad_object_id or user.id
    return Actor(
        tenant_id=tenant_of(context),
        aad_id=aad_id,
        name=user.name or "",
        is_leader=aad_id in services.leaders,
    )


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
