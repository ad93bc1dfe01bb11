"""An owner who removed the app misses a join request: the leaders are not sent an
"owner unreachable" notice, because the row's `deadline_id` holds a join request's id, and
read as a deadline it could name another case's deadline."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Session, select

from reminders.planning import tell_leaders_owner_unreachable
from storage import leaders as leader_repo
from storage import repository as repo
from storage.db import Database
from storage.models import Reminder

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def test_a_missed_join_request_is_not_passed_on_as_a_deadline(database: Database) -> None:
    def arrange(session: Session) -> Reminder:
        leader_repo.add_leader(
            session, tenant_id="t", source="chat", aad_object_id="rektor", now=NOW
        )
        case = repo.open_case(
            session,
            tenant_id="t",
            pupil_name="Ole",
            group_name="5B",
            owner_aad_id="kari",
            owner_name="Kari",
            now=NOW,
        )
        assert case.id is not None
        deadline = repo.add_deadline(
            session, tenant_id="t", case_id=case.id, kind="contact_guardians", due_at=NOW, now=NOW
        )
        row = Reminder(
            tenant_id="t",
            kind="join_request",
            recipient_aad_id="kari",
            day=NOW.date(),
            deadline_id=deadline.id or 0,  # the same number as a real deadline's id
            case_id=case.id,
            next_attempt_at=NOW,
            created_at=NOW,
        )
        tell_leaders_owner_unreachable(session, row, NOW)
        return row

    database.run_sync(arrange)
    kinds = database.run_sync(lambda s: [r.kind for r in s.exec(select(Reminder))])
    assert "owner_unreachable" not in kinds
