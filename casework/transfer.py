"""A pupil who changes school (issue 20): the case is handed over between the two schools'
leaders, inside one tenant.

A leader of the school the case is in offers it («overfør saken til Ole til Sentrum skole»);
a leader of the receiving school accepts or declines (shown when they next write). On accept
the case, its deadlines, meetings and reminders move to the receiving school, the accepting
leader owns it (and can hand it to a teacher there), the old school's staff lose access, and
the remaining deadlines keep their number of school days, counted in the new school's
calendar. Both schools' audit trails record it, ids only.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from sqlmodel import Session

from casework.access import Actor, visible_case
from casework.audit import audit
from casework.school_time import SchoolTime, at_school
from casework.schools import School, SchoolDirectory
from casework.vocab import AuditAction
from storage import repository as repo
from storage import schools as school_repo
from storage import transfers as transfer_repo
from storage.models import Case


class Transfer(StrEnum):
    """What became of an offer or its answer; the catalog key `transfer.<value>`."""

    OFFERED = "offered"
    LEADERS_ONLY = "leaders_only"
    SAME_SCHOOL = "same_school"
    NOT_FOUND = "not_found"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    CONFLICT = "conflict"


def school_named(directory: SchoolDirectory, tenant_id: str, text: str) -> School | None:
    """The school of the tenant a typed name means: «Sentrum skole», «Sentrum» or its id."""
    wanted = text.strip().casefold()
    for school in directory.in_tenant(school_repo.teams_tenant(tenant_id)):
        name = school.name.casefold()
        short = name.removesuffix(" skole").removesuffix(" skule").strip()
        if wanted in (name, short, school.id):
            return school
    return None


def offer_transfer(
    session: Session, actor: Actor, case_id: int, school: School, now: datetime
) -> Transfer:
    case = visible_case(session, actor, case_id)
    if case is None:
        return Transfer.NOT_FOUND
    if not actor.is_leader:
        return Transfer.LEADERS_ONLY
    to_scope = school.scope(school_repo.teams_tenant(actor.tenant_id))
    if to_scope == actor.tenant_id:
        return Transfer.SAME_SCHOOL
    transfer, new = transfer_repo.offer(
        session,
        case_id=case_id,
        from_scope=actor.tenant_id,
        to_scope=to_scope,
        by=actor.aad_id,
        now=now,
    )
    if new:
        audit(
            session,
            actor,
            AuditAction.CASE_TRANSFER_OFFER,
            case_id,
            now,
            to=school.id,
            transfer=transfer.id,
        )
    return Transfer.OFFERED


def offers_for(session: Session, actor: Actor) -> list[tuple[int, Case, str]]:
    """(transfer id, case, offering school's scope) waiting for this leader's school."""
    if not actor.is_leader:
        return []
    pairs = transfer_repo.offers_to(session, to_scope=actor.tenant_id)
    return [(t.id, case, t.from_scope) for t, case in pairs if t.id is not None]


@dataclass(frozen=True)
class Answered:
    result: Transfer
    case: Case | None = None
    from_scope: str = ""


def answer_transfer(
    session: Session,
    actor: Actor,
    transfer_id: int,
    accept: bool,
    school: SchoolTime,
    now: datetime,
) -> Answered:
    """A receiving leader's Godta / Avslå; anyone else (or a second press) finds nothing."""
    found = (
        transfer_repo.waiting_offer(session, transfer_id=transfer_id, to_scope=actor.tenant_id)
        if actor.is_leader
        else None
    )
    if found is None:
        return Answered(Transfer.NOT_FOUND)
    transfer, case = found
    assert case.id is not None
    sender = replace(actor, tenant_id=transfer.from_scope)
    if not accept:
        transfer_repo.decide(
            session, transfer=transfer, status="declined", by=actor.aad_id, now=now
        )
        audit(session, actor, AuditAction.CASE_TRANSFER_DECLINE, case.id, now, transfer=transfer_id)
        audit(
            session, sender, AuditAction.CASE_TRANSFER_DECLINE, case.id, now, transfer=transfer_id
        )
        return Answered(Transfer.DECLINED, case, transfer.from_scope)
    clash = repo.find_open_case(
        session, tenant_id=actor.tenant_id, pupil_name=case.pupil_name, group_name=case.group_name
    )
    if clash is not None:
        return Answered(Transfer.CONFLICT, case, transfer.from_scope)
    _reschedule(session, case, transfer.from_scope, actor.tenant_id, school, now)
    transfer_repo.move_case(
        session,
        case=case,
        to_scope=actor.tenant_id,
        owner_aad_id=actor.aad_id,
        owner_name=actor.name,
        now=now,
    )
    transfer_repo.decide(session, transfer=transfer, status="accepted", by=actor.aad_id, now=now)
    detail = {"transfer": transfer_id, "from": transfer.from_scope, "to": actor.tenant_id}
    audit(session, sender, AuditAction.CASE_TRANSFER_OUT, case.id, now, **detail)
    audit(session, actor, AuditAction.CASE_TRANSFER_IN, case.id, now, **detail)
    return Answered(Transfer.ACCEPTED, case, transfer.from_scope)


def _reschedule(
    session: Session, case: Case, from_scope: str, to_scope: str, school: SchoolTime, now: datetime
) -> None:
    """The open deadlines still ahead keep their number of school days left, counted from
    today in the receiving school's calendar; today's and overdue ones stay as they are."""
    assert case.id is not None
    today = school.today(now)
    for deadline in repo.open_deadlines(session, tenant_id=from_scope, case_id=case.id):
        local = school.local(deadline.due_at)
        if local.date() <= today or deadline.id is None:
            continue
        with at_school(school_repo.school_of_scope(from_scope)):
            left = school.school_days_late(today, local.date(), limit=10_000)
        day = today
        with at_school(school_repo.school_of_scope(to_scope)):
            for _ in range(max(left, 1)):
                day = school.next_school_day(day, inclusive=False)
            due_at = school.at(day, local.time())
            remind_at = school.remind_at(due_at, now)
        transfer_repo.set_due(session, deadline_id=deadline.id, due_at=due_at, remind_at=remind_at)
