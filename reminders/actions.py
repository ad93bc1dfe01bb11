"""What the reminder card's buttons do: "Utsett til i morgen" and "Ferdig" (guide 1.3's limits).

Units of work, each inside one `Database.run` transaction. The deadline must belong to a case
the user may see (owner, co-responsible, or a leader of the tenant); anything else, including a
replayed payload with another case's deadline id, is "not found". Postpone moves the reminder
(`remind_at`) to the next school morning, never the deadline (`due_at`), and drops a reminder
already planned for the old time; done closes the deadline with who and when (a planned reminder
of it then says nothing). Both audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session

from casework.access import Actor, visible_case
from casework.audit import audit
from casework.vocab import AuditAction
from storage import outbox
from storage import repository as repo
from storage.models import Case, Deadline

NOT_FOUND = "reminder.not_found"
CLOSED = "reminder.closed"


@dataclass(frozen=True)
class Found:
    case: Case
    deadline: Deadline


def find_deadline(session: Session, actor: Actor, value: Any) -> Found | None:
    try:
        deadline_id = int(value)
    except (TypeError, ValueError):
        return None
    deadline = repo.get_deadline(session, tenant_id=actor.tenant_id, deadline_id=deadline_id)
    if deadline is None:
        return None
    case = visible_case(session, actor, deadline.case_id)
    if case is None and deadline.owner_aad_id == actor.aad_id:
        # A measure owner's own evaluation deadline: theirs to postpone or mark done.
        case = repo.get_case(session, tenant_id=actor.tenant_id, case_id=deadline.case_id)
    return Found(case, deadline) if case is not None else None


def postpone(
    session: Session, actor: Actor, value: Any, remind_at: datetime, now: datetime
) -> Found | str:
    """The deadline found and postponed, or the catalog key saying why not."""
    found = find_deadline(session, actor, value)
    if found is None:
        return NOT_FOUND
    assert found.deadline.id is not None
    if not repo.postpone_reminder(
        session, tenant_id=actor.tenant_id, deadline_id=found.deadline.id, remind_at=remind_at
    ):
        return CLOSED
    # A reminder planned ahead for the old time (minutes before it, reminders.scheduler).
    outbox.drop_planned(session, deadline_id=found.deadline.id, after=now)
    action = AuditAction.DEADLINE_POSTPONE
    audit(session, actor, action, found.case.id, now, deadline=found.deadline.id)
    return found


def complete(session: Session, actor: Actor, value: Any, now: datetime) -> Found | str:
    found = find_deadline(session, actor, value)
    if found is None:
        return NOT_FOUND
    assert found.deadline.id is not None
    if not repo.complete_deadline(
        session,
        tenant_id=actor.tenant_id,
        deadline_id=found.deadline.id,
        by_aad_id=actor.aad_id,
        by_name=actor.name,
        at=now,
    ):
        return CLOSED
    action = AuditAction.DEADLINE_COMPLETE
    audit(session, actor, action, found.case.id, now, deadline=found.deadline.id)
    return found
