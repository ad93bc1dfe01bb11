"""The turn's statements on the driver's cursor (storage/prepared.py) give what SQLAlchemy's
`execute` gives, on SQLite and PostgreSQL, and a driver error arrives as SQLAlchemy's."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from content.models import DeadlineKind
from storage import leaders
from storage import repository as repo
from storage.bot_state import read_document, write_document
from storage.db import Database
from storage.leaders import leader_facts
from storage.models import AuditEvent, BotState, Deadline, LogEntry
from storage.prepared import Prepared

NOW = datetime(2026, 12, 2, 7, 5, 9, 120000, tzinfo=UTC)
NEXT, GUARDIANS = DeadlineKind.NEXT_CONTACT, DeadlineKind.CONTACT_GUARDIANS
EVALUATE, OTHER_CODE = DeadlineKind.EVALUATE_MEASURES, DeadlineKind.ASK_OTHER_CODE_CAUSE


def test_a_written_state_and_delivery_mark_read_back_as_sqlalchemy_reads_them(
    database: Database,
) -> None:
    def scenario(session: Session) -> tuple[object, ...]:
        write_document(session, "conv/1", "{}", expected=None, etag="e1", now=NOW)
        write_document(session, "conv/1", '{"a": 1}', expected="e1", etag="e2", now=NOW)
        first = repo.mark_activity_processed(
            session, conversation_id="conv", activity_id="a1", at=NOW
        )
        again = repo.mark_activity_processed(
            session, conversation_id="conv", activity_id="a1", at=NOW
        )
        seen = repo.activity_processed(session, conversation_id="conv", activity_id="a1")
        unseen = repo.activity_processed(session, conversation_id="conv", activity_id="a2")
        stored = session.get(BotState, "conv/1")
        assert stored is not None
        return read_document(session, "conv/1"), first, again, seen, unseen, stored.updated_at

    document, first, again, seen, unseen, updated_at = database.run_sync(scenario)
    assert document == ('{"a": 1}', "e2")
    assert (first, again, seen, unseen) == (True, False, True, False)
    # The bind processor ran: the aware datetime was stored as SQLAlchemy stores it.
    assert updated_at == NOW


def test_leader_facts_match_for_a_leader_with_a_profile_and_for_a_stranger(
    database: Database,
) -> None:
    def scenario(session: Session) -> tuple[object, object]:
        leaders.add_leader(
            session, tenant_id="t1", source="configured", now=NOW, aad_object_id="aad-r"
        )
        leaders.save_profile(
            session, tenant_id="t1", aad_object_id="aad-r", display_name="Rektor", now=NOW
        )
        return (
            leader_facts(session, tenant_id="t1", aad_object_id="aad-r"),
            leader_facts(session, tenant_id="t1", aad_object_id="aad-x"),
        )

    leader, stranger = database.run_sync(scenario)
    assert (leader.is_leader, leader.profile_name, stranger.is_leader) == (True, "Rektor", False)
    assert (stranger.profile_name, stranger.pending) == (None, False)


def test_a_driver_error_is_raised_as_sqlalchemys_and_the_next_unit_runs(
    database: Database,
) -> None:
    broken = Prepared(
        select(text("x")).select_from(text("missing")).where(text("x = :x").bindparams(x=1))
    )
    with pytest.raises(DBAPIError):
        database.run_sync(lambda session: broken.run(session, {"x": 1}))
    assert database.run_sync(lambda session: read_document(session, "none")) is None


def test_a_row_added_in_the_same_session_is_seen_as_execute_would_see_it(
    database: Database,
) -> None:
    def scenario(session: Session) -> object:
        session.add(BotState(key="conv/2", document="{}", etag="e9", updated_at=NOW))
        return read_document(session, "conv/2")  # the session flushes first, as execute does

    assert database.run_sync(scenario) == ("{}", "e9")


def new_case(session: Session, *, level: int = 0) -> int:
    case = repo.open_case(
        session,
        tenant_id="t1",
        pupil_name="Ola",
        group_name="5B",
        owner_aad_id="o",
        owner_name="Anne",
        level=level,
        now=NOW,
    )
    assert case.id is not None
    return case.id


def test_prepared_inserts_store_what_the_orm_reads_back(database: Database) -> None:
    """Deadlines, log entries and audit events are written by `inserting`: a UTC time, a date,
    a JSON value and the columns it leaves to the database read back as the ORM reads them."""

    def scenario(session: Session) -> tuple[Deadline, LogEntry, AuditEvent]:
        case_id = new_case(session, level=2)
        added = repo.add_deadline(
            session, tenant_id="t1", case_id=case_id, kind=GUARDIANS, due_at=NOW, now=NOW
        )
        entry = repo.add_log_entry(
            session,
            tenant_id="t1",
            case_id=case_id,
            kind="pupil_log",
            contact_date=date(2026, 12, 1),
            reason="Syk",
            guardians_view="Enig",
            next_steps="Ringer",
            author="Kari",
            author_aad_id="k",
            now=NOW,
        )
        repo.record_audit(
            session,
            tenant_id="t1",
            actor_aad_id="k",
            action="log.add",
            case_id=case_id,
            detail={"kind": "pupil_log"},
            at=NOW,
        )
        session.expunge_all()
        stored = session.get(Deadline, added.id), session.get(LogEntry, entry.id)
        event = repo.audit_events(session, tenant_id="t1", case_id=case_id)[0]
        assert stored[0] is not None and stored[1] is not None
        return stored[0], stored[1], event

    deadline, entry, event = database.run_sync(scenario)
    assert (deadline.due_at, deadline.remind_at, deadline.status) == (NOW, NOW, "open")
    assert (deadline.completed_at, deadline.completed_by, deadline.measure_id) == (None, None, None)
    assert (entry.pupil_name, entry.level, entry.contact_date) == ("Ola", 2, date(2026, 12, 1))
    assert (entry.created_at, entry.idempotency_key) == (NOW, None)
    assert (event.at, event.detail) == (NOW, {"kind": "pupil_log"})


def test_deadlines_settled_by_kind_count_every_row_once(database: Database) -> None:
    def scenario(session: Session) -> tuple[int, int, list[str]]:
        case_id = new_case(session)
        for kind in (NEXT, NEXT, GUARDIANS, EVALUATE):
            repo.add_deadline(
                session, tenant_id="t1", case_id=case_id, kind=kind, due_at=NOW, now=NOW
            )
        done = repo.complete_deadlines_of_kinds(
            session,
            tenant_id="t1",
            case_id=case_id,
            kinds=[NEXT, GUARDIANS, NEXT, OTHER_CODE],
            by_aad_id="k",
            by_name="Kari",
            at=NOW,
        )
        cancelled = repo.cancel_open_deadlines(
            session, tenant_id="t1", case_id=case_id, kinds=[GUARDIANS, EVALUATE]
        )
        left = repo.open_deadline_times(session, tenant_id="t1", case_id=case_id)
        return done, cancelled, [kind for kind, _ in left]

    assert database.run_sync(scenario) == (3, 1, [])
