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
from typing import Any

from sqlmodel import Session

from casework.access import Actor, may_manage, visible_case
from casework.audit import audit
from casework.vocab import AuditAction
from storage import outbox
from storage import repository as repo
from storage.models import Case


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


def _managed_case(session: Session, actor: Actor, case_id: int) -> Case | Shared:
    """The case if the actor may add people to it or hand it over; else why not."""
    case = visible_case(session, actor, case_id)
    if case is None:
        return Shared.NOT_FOUND
    if not may_manage(actor, case):
        return Shared.NOT_ALLOWED
    return case


def add_colleague(
    session: Session, actor: Actor, case_id: int, colleague: Colleague, now: datetime
) -> Shared:
    case = _managed_case(session, actor, case_id)
    if isinstance(case, Shared):
        return case
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
    case = _managed_case(session, actor, case_id)
    if isinstance(case, Shared):
        return case
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


def request_to_join(session: Session, actor: Actor, case_id: int, now: datetime) -> Any:
    """A join request from someone who does not see the case; None when they already do."""
    if visible_case(session, actor, case_id) is not None:
        return None
    request = repo.add_join_request(
        session,
        tenant_id=actor.tenant_id,
        case_id=case_id,
        requester_aad_id=actor.aad_id,
        requester_name=actor.name,
        now=now,
    )
    audit(session, actor, AuditAction.CASE_JOIN_REQUEST, case_id, now, request=request.id)
    return request


def answer_join_request(
    session: Session, actor: Actor, request_id: int, accept: bool, now: datetime
) -> tuple[Shared, Any]:
    """The owner's (or a leader's) Godta / Avslå; anyone else finds nothing."""
    request = repo.get_join_request(session, tenant_id=actor.tenant_id, request_id=request_id)
    if request is None:
        return Shared.NOT_FOUND, None
    case = visible_case(session, actor, request.case_id)
    if case is None or not may_manage(actor, case):
        return Shared.NOT_FOUND, None
    if request.status != "pending":
        return Shared.ALREADY, request
    repo.decide_join_request(
        session, request=request, accepted=accept, by_aad_id=actor.aad_id, now=now
    )
    if accept:
        repo.add_member(
            session,
            tenant_id=actor.tenant_id,
            case_id=request.case_id,
            aad_object_id=request.requester_aad_id,
            display_name=request.requester_name,
        )
        action, detail = AuditAction.CASE_SHARE, {"member": request.requester_aad_id}
    else:
        action, detail = AuditAction.CASE_JOIN_DECLINE, {"requester": request.requester_aad_id}
    audit(session, actor, action, request.case_id, now, request=request.id, **detail)
    return Shared.DONE, request
