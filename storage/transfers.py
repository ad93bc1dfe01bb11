"""A case moving to another school of the same tenant (issue 20): the offer, its answer, and
the move of the case's rows from one school's scope to the other's.

What carries a scope moves: the case, its deadlines, its planned meetings and its join
requests. Log entries, measures and agreements hang on the case id and follow it. Messages
still waiting in the outbox for the old school's people are dropped; the co-responsible staff
of the old school leave the case. Callers decide who may do this (casework.transfer).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from storage.models import (
    AttendanceMeeting,
    Case,
    CaseMember,
    CaseTransfer,
    Deadline,
    JoinRequest,
    Reminder,
)

OFFERED, ACCEPTED, DECLINED = "offered", "accepted", "declined"


def offer(
    session: Session, *, case_id: int, from_scope: str, to_scope: str, by: str, now: datetime
) -> tuple[CaseTransfer, bool]:
    """The open offer of this case to `to_scope`, made now unless one is waiting: (row, new)."""
    waiting = session.exec(
        select(CaseTransfer).where(
            CaseTransfer.case_id == case_id,
            CaseTransfer.from_scope == from_scope,
            CaseTransfer.status == OFFERED,
        )
    ).first()
    if waiting is not None and waiting.to_scope == to_scope:
        return waiting, False
    if waiting is not None:  # offered to another school before: that offer is withdrawn
        waiting.status, waiting.decided_by, waiting.decided_at = DECLINED, by, now
        session.add(waiting)
    row = CaseTransfer(
        case_id=case_id, from_scope=from_scope, to_scope=to_scope, offered_by=by, offered_at=now
    )
    session.add(row)
    session.flush()
    return row, True


def offers_to(session: Session, *, to_scope: str) -> list[tuple[CaseTransfer, Case]]:
    """Waiting offers to a school, oldest first, with their (still open) cases."""
    query = (
        select(CaseTransfer, Case)
        .join(Case, col(Case.id) == CaseTransfer.case_id)
        .where(
            CaseTransfer.to_scope == to_scope,
            CaseTransfer.status == OFFERED,
            col(Case.tenant_id) == col(CaseTransfer.from_scope),
            Case.status == "open",
        )
        .order_by(col(CaseTransfer.offered_at), col(CaseTransfer.id))
    )
    return [(transfer, case) for transfer, case in session.exec(query)]


def waiting_offer(
    session: Session, *, transfer_id: int, to_scope: str
) -> tuple[CaseTransfer, Case] | None:
    """One waiting offer to `to_scope` (a replayed or another school's button finds None)."""
    found = [pair for pair in offers_to(session, to_scope=to_scope) if pair[0].id == transfer_id]
    return found[0] if found else None


def decide(
    session: Session, *, transfer: CaseTransfer, status: str, by: str, now: datetime
) -> None:
    transfer.status, transfer.decided_by, transfer.decided_at = status, by, now
    session.add(transfer)
    session.flush()


def move_case(
    session: Session,
    *,
    case: Case,
    to_scope: str,
    owner_aad_id: str,
    owner_name: str,
    now: datetime,
) -> None:
    """Every scoped row of the case into `to_scope`, with a new owner of the new school."""
    assert case.id is not None
    from_scope, case_id = case.tenant_id, case.id
    case.tenant_id, case.owner_aad_id, case.owner_name = to_scope, owner_aad_id, owner_name
    case.updated_at = now
    session.add(case)
    for model in (Deadline, AttendanceMeeting, JoinRequest):
        session.execute(
            update(model)
            .where(col(model.case_id) == case_id, col(model.tenant_id) == from_scope)
            .values(tenant_id=to_scope)
        )
    # A measure owner of the old school no longer follows it: the case owner does.
    session.execute(
        update(Deadline)
        .where(col(Deadline.case_id) == case_id, col(Deadline.status) == "open")
        .values(owner_aad_id=None)
    )
    session.execute(delete(CaseMember).where(col(CaseMember.case_id) == case_id))
    session.execute(
        update(Reminder)
        .where(
            col(Reminder.tenant_id) == from_scope,
            col(Reminder.case_id) == case_id,
            col(Reminder.status) == "pending",
        )
        .values(status="dropped", sent_at=now)
    )
    session.flush()


def set_due(session: Session, *, deadline_id: int, due_at: datetime, remind_at: datetime) -> None:
    session.execute(
        update(Deadline)
        .where(col(Deadline.id) == deadline_id)
        .values(due_at=due_at, remind_at=remind_at)
    )
