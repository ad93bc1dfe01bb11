"""Sharing a case: a colleague added as co-responsible, a case handed over to a colleague, and a
second teacher's report of a pupil whose case they cannot see.

Only the case owner or a leader may add a colleague or hand a case over. A handover makes the
colleague the owner (reminders planned from then on go to them; messages still waiting for the
previous owner are dropped) and takes the previous owner off the case. Every step is audited,
with ids only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlmodel import Session

from casework.access import Actor, may_manage, visible_case
from casework.audit import audit
from casework.vocab import AuditAction
from storage import outbox
from storage import repository as repo


class Shared(StrEnum):
    """What became of a request to share or hand over; the catalog key `share.<value>`."""

    DONE = "done"
    ALREADY = "already"
    NOT_ALLOWED = "not_allowed"
    NOT_FOUND = "not_found"


@dataclass(frozen=True)
class Colleague:
    aad_id: str
    name: str


def add_colleague(
    session: Session, actor: Actor, case_id: int, colleague: Colleague, now: datetime
) -> Shared:
    case = visible_case(session, actor, case_id)
    if case is None:
        return Shared.NOT_FOUND
    if not may_manage(actor, case):
        return Shared.NOT_ALLOWED
    tenant = actor.tenant_id
    already = case.owner_aad_id == colleague.aad_id or repo.is_member(
        session, tenant_id=tenant, case_id=case_id, aad_object_id=colleague.aad_id
    )
    if already:
        return Shared.ALREADY
    repo.add_member(
        session,
        tenant_id=tenant,
        case_id=case_id,
        aad_object_id=colleague.aad_id,
        display_name=colleague.name,
    )
    audit(session, actor, AuditAction.CASE_SHARE, case_id, now, member=colleague.aad_id)
    return Shared.DONE


def hand_over(
    session: Session, actor: Actor, case_id: int, colleague: Colleague, now: datetime
) -> Shared:
    case = visible_case(session, actor, case_id)
    if case is None:
        return Shared.NOT_FOUND
    if not may_manage(actor, case):
        return Shared.NOT_ALLOWED
    previous = case.owner_aad_id
    if previous == colleague.aad_id:
        return Shared.ALREADY
    tenant = actor.tenant_id
    repo.set_owner(
        session,
        tenant_id=tenant,
        case_id=case_id,
        aad_object_id=colleague.aad_id,
        name=colleague.name,
        now=now,
    )
    repo.remove_member(session, tenant_id=tenant, case_id=case_id, aad_object_id=colleague.aad_id)
    outbox.drop_pending_to(
        session, tenant_id=tenant, case_id=case_id, recipient_aad_id=previous, at=now
    )
    detail = {"previous_owner": previous, "owner": colleague.aad_id}
    audit(session, actor, AuditAction.CASE_HANDOVER, case_id, now, **detail)
    return Shared.DONE
