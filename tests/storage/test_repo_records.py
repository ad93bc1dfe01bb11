"""Deadlines, logs, measures, references, audit and delivery dedup on a real database."""

import asyncio
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlmodel import Session

from storage import repository as repo
from storage.db import Database
from storage.errors import AppendOnlyViolation, NotFound

NOW = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
T1, T2 = "tenant-1", "tenant-2"


def new_case(session: Session, tenant_id: str = T1) -> int:
    case = repo.open_case(
        session,
        tenant_id=tenant_id,
        pupil_name="Ola",
        group_name="5B",
        owner_aad_id="owner-a",
        owner_name="Anne",
        level=1,
        now=NOW,
    )
    assert case.id is not None
    return case.id


def deadline(session: Session, case_id: int, kind: str, hours: int) -> int:
    row = repo.add_deadline(
        session,
        tenant_id=T1,
        case_id=case_id,
        kind=kind,
        due_at=NOW + timedelta(hours=hours),
        now=NOW,
    )
    assert row.id is not None
    return row.id


def test_complete_deadline_only_once(database: Database) -> None:
    case_id = database.run_sync(new_case)
    deadline_id = database.run_sync(lambda s: deadline(s, case_id, "contact_guardians", 24))

    def complete(tenant_id: str) -> bool:
        return database.run_sync(
            lambda s: repo.complete_deadline(
                s,
                tenant_id=tenant_id,
                deadline_id=deadline_id,
                by_aad_id="u1",
                by_name="Anne",
                at=NOW,
            )
        )

    assert [complete(T2), complete(T1), complete(T1)] == [False, True, False]
    assert database.run_sync(lambda s: repo.next_deadline(s, tenant_id=T1, case_id=case_id)) is None


def test_open_deadlines_cancel_and_postpone(database: Database) -> None:
    case_id = database.run_sync(new_case)
    later = database.run_sync(lambda s: deadline(s, case_id, "evaluate_measures", 48))
    sooner = database.run_sync(lambda s: deadline(s, case_id, "contact_guardians", 2))
    database.run_sync(lambda s: deadline(s, case_id, "next_contact", 72))
    first = database.run_sync(lambda s: repo.next_deadline(s, tenant_id=T1, case_id=case_id))
    assert first is not None and first.id == sooner

    pushed = NOW + timedelta(hours=10)
    assert database.run_sync(
        lambda s: repo.postpone_reminder(s, tenant_id=T1, deadline_id=sooner, remind_at=pushed)
    )
    moved = database.run_sync(lambda s: repo.next_deadline(s, tenant_id=T1, case_id=case_id))
    assert moved is not None and (moved.due_at, moved.remind_at) == (
        NOW + timedelta(hours=2),
        pushed,
    )

    cancelled = database.run_sync(
        lambda s: repo.cancel_open_deadlines(
            s, tenant_id=T1, case_id=case_id, kinds=["contact_guardians", "next_contact"]
        )
    )
    assert cancelled == 2
    remaining = database.run_sync(lambda s: repo.open_deadlines(s, tenant_id=T1, case_id=case_id))
    assert [d.id for d in remaining] == [later]


def test_a_status_cards_reads_are_plain_rows_scoped_to_the_tenant(database: Database) -> None:
    case_id = database.run_sync(new_case)
    database.run_sync(lambda s: deadline(s, case_id, "evaluate_measures", 48))
    done = database.run_sync(lambda s: deadline(s, case_id, "next_contact", 1))
    database.run_sync(lambda s: deadline(s, case_id, "contact_guardians", 2))
    database.run_sync(
        lambda s: repo.complete_deadline(
            s, tenant_id=T1, deadline_id=done, by_aad_id="u1", by_name="Anne", at=NOW
        )
    )

    def read(tenant_id: str) -> object:
        return database.run_sync(
            lambda s: (
                repo.case_row(s, tenant_id=tenant_id, case_id=case_id),
                repo.open_deadline_times(s, tenant_id=tenant_id, case_id=case_id),
            )
        )

    case, times = read(T1)
    assert (case.pupil_name, case.group_name, case.level, case.opened_at) == ("Ola", "5B", 1, NOW)
    assert times == [
        ("contact_guardians", NOW + timedelta(hours=2)),
        ("evaluate_measures", NOW + timedelta(hours=48)),
    ]
    with pytest.raises(NotFound):
        read(T2)


def test_the_reminder_sweep_uses_remind_at(database: Database) -> None:
    case_id = database.run_sync(new_case)
    soon = database.run_sync(lambda s: deadline(s, case_id, "contact_guardians", 1))
    database.run_sync(lambda s: deadline(s, case_id, "next_contact", 5))
    at = NOW + timedelta(hours=2)
    assert [d.id for d in database.run_sync(lambda s: repo.claim_due_deadlines(s, now=at))] == [
        soon
    ]
    database.run_sync(
        lambda s: repo.postpone_reminder(
            s, tenant_id=T1, deadline_id=soon, remind_at=NOW + timedelta(hours=3)
        )
    )
    assert database.run_sync(lambda s: repo.claim_due_deadlines(s, now=at)) == []


def test_deadline_for_another_tenants_case_is_refused(database: Database) -> None:
    case_id = database.run_sync(lambda s: new_case(s, T2))
    with pytest.raises(NotFound):
        database.run_sync(lambda s: deadline(s, case_id, "contact_guardians", 1))


def add_log(session: Session, case_id: int, tenant_id: str = T1) -> int:
    entry = repo.add_log_entry(
        session,
        tenant_id=tenant_id,
        case_id=case_id,
        kind="absence_log",
        contact_date=date(2026, 11, 25),
        reason="Vondt i magen",
        guardians_view="Foreldre er bekymret",
        next_steps="Ny samtale om en uke",
        author="Anne",
        author_aad_id="owner-a",
        now=NOW,
    )
    assert entry.id is not None
    return entry.id


def test_log_entries_copy_case_facts_and_are_tenant_scoped(database: Database) -> None:
    case_id = database.run_sync(new_case)
    database.run_sync(lambda s: add_log(s, case_id))
    entries = database.run_sync(lambda s: repo.log_entries(s, tenant_id=T1, case_id=case_id))
    assert [(e.pupil_name, e.level, e.contact_date) for e in entries] == [
        ("Ola", 1, date(2026, 11, 25))
    ]
    assert database.run_sync(lambda s: repo.log_entries(s, tenant_id=T2, case_id=case_id)) == []
    with pytest.raises(NotFound):
        database.run_sync(lambda s: add_log(s, case_id, T2))


def test_last_contact_date_is_the_newest_entrys_and_tenant_scoped(database: Database) -> None:
    case_id = database.run_sync(new_case)

    def last(tenant_id: str = T1) -> date | None:
        return database.run_sync(
            lambda s: repo.last_contact_date(s, tenant_id=tenant_id, case_id=case_id)
        )

    assert last() is None
    database.run_sync(lambda s: add_log(s, case_id))
    later_entry_earlier_contact = date(2026, 11, 20)  # written last, about an older contact

    def add_older_contact(session: Session) -> None:
        repo.add_log_entry(
            session,
            tenant_id=T1,
            case_id=case_id,
            kind="pupil_log",
            contact_date=later_entry_earlier_contact,
            reason="Etterregistrert samtale",
            guardians_view="",
            next_steps="",
            author="Anne",
            author_aad_id="owner-a",
            now=NOW + timedelta(minutes=5),
        )

    database.run_sync(add_older_contact)
    assert last() == later_entry_earlier_contact
    assert last(T2) is None


def test_log_entries_are_append_only(database: Database) -> None:
    case_id = database.run_sync(new_case)
    database.run_sync(lambda s: add_log(s, case_id))

    def rewrite(session: Session) -> None:
        entry = repo.log_entries(session, tenant_id=T1, case_id=case_id)[0]
        entry.reason = "endret"
        session.add(entry)
        session.flush()

    with pytest.raises(AppendOnlyViolation):
        database.run_sync(rewrite)
    entries = database.run_sync(lambda s: repo.log_entries(s, tenant_id=T1, case_id=case_id))
    assert entries[0].reason == "Vondt i magen"


def test_measures_and_cooperation_agreement(database: Database) -> None:
    case_id = database.run_sync(new_case)
    database.run_sync(
        lambda s: repo.add_measure(
            s, tenant_id=T1, case_id=case_id, description="Fast voksen", responsible="Anne", now=NOW
        )
    )
    goals = [repo.GoalInput("Møte hver dag", "Anne", "Hente i garderoben", date(2026, 12, 10))]
    agreement = database.run_sync(
        lambda s: repo.add_cooperation_agreement(
            s, tenant_id=T1, case_id=case_id, main_goal="Tilbake i klassen", goals=goals, now=NOW
        )
    )
    assert agreement.id is not None
    stored = database.run_sync(
        lambda s: repo.agreement_goals(s, tenant_id=T1, agreement_id=agreement.id or 0)
    )
    assert [(g.goal, g.evaluate_on) for g in stored] == [("Møte hver dag", date(2026, 12, 10))]
    assert database.run_sync(lambda s: repo.measures(s, tenant_id=T2, case_id=case_id)) == []
    assert len(database.run_sync(lambda s: repo.measures(s, tenant_id=T1, case_id=case_id))) == 1


def save_reference(session: Session, display_name: str, at: datetime) -> None:
    repo.save_conversation_reference(
        session,
        tenant_id=T1,
        user_aad_id="u1",
        reference={"conversation": {"id": "a:1"}, "serviceUrl": "https://smba"},
        locale="nb-NO",
        display_name=display_name,
        now=at,
    )


def test_conversation_reference_upsert_keeps_opt_in(database: Database) -> None:
    database.run_sync(lambda s: save_reference(s, "Anne", NOW))
    database.run_sync(
        lambda s: repo.set_annual_wheel_opt_in(
            s, tenant_id=T1, user_aad_id="u1", opt_in=True, now=NOW
        )
    )
    database.run_sync(lambda s: repo.mark_uninstalled(s, tenant_id=T1, user_aad_id="u1", now=NOW))
    assert database.run_sync(repo.annual_wheel_recipients) == []
    database.run_sync(lambda s: save_reference(s, "Anne B", NOW + timedelta(days=1)))
    row = database.run_sync(
        lambda s: repo.get_conversation_reference(s, tenant_id=T1, user_aad_id="u1")
    )
    assert row is not None
    assert (row.display_name, row.installed, row.uninstalled_at, row.annual_wheel_opt_in) == (
        "Anne B",
        True,
        None,
        True,
    )
    assert repo.reference_data(row)["conversation"] == {"id": "a:1"}
    assert [r.user_aad_id for r in database.run_sync(repo.annual_wheel_recipients)] == ["u1"]
    assert (
        database.run_sync(
            lambda s: repo.get_conversation_reference(s, tenant_id=T2, user_aad_id="u1")
        )
        is None
    )


def test_a_stored_reference_reads_back_as_saved_and_says_when_uninstalled(
    database: Database,
) -> None:
    """What the middleware compares a turn's reference with (after a restart)."""

    def stored(tenant_id: str = T1) -> tuple[dict[str, Any], str, str, bool] | None:
        return database.run_sync(
            lambda s: repo.stored_reference(s, tenant_id=tenant_id, user_aad_id="u1")
        )

    database.run_sync(lambda s: save_reference(s, "Anne", NOW))
    assert stored() == (
        {"conversation": {"id": "a:1"}, "serviceUrl": "https://smba"},
        "nb-NO",
        "Anne",
        True,
    )
    database.run_sync(lambda s: repo.mark_uninstalled(s, tenant_id=T1, user_aad_id="u1", now=NOW))
    assert (found := stored()) is not None and found[3] is False
    assert stored(T2) is None


def test_audit_events_are_append_only_and_scoped(database: Database) -> None:
    database.run_sync(
        lambda s: repo.record_audit(
            s,
            tenant_id=T1,
            actor_aad_id="u1",
            action="case.read",
            case_id=7,
            detail={"n": 1},
            at=NOW,
        )
    )
    events = database.run_sync(lambda s: repo.audit_events(s, tenant_id=T1, case_id=7))
    assert [(e.action, e.detail, e.at) for e in events] == [("case.read", {"n": 1}, NOW)]
    assert database.run_sync(lambda s: repo.audit_events(s, tenant_id=T2)) == []

    def rewrite(session: Session) -> None:
        event = repo.audit_events(session, tenant_id=T1)[0]
        event.action = "case.update"
        session.add(event)
        session.flush()

    with pytest.raises(AppendOnlyViolation):
        database.run_sync(rewrite)


async def test_mark_activity_processed_once(database: Database) -> None:
    def mark(session: Session) -> bool:
        return repo.mark_activity_processed(session, conversation_id="c1", activity_id="a1", at=NOW)

    assert [await database.run(mark), await database.run(mark)] == [True, False]
    forgotten = database.run_sync(
        lambda s: repo.forget_processed_activities(s, before=NOW + timedelta(days=1))
    )
    assert forgotten == 1
    assert await database.run(mark) is True


async def test_mark_activity_processed_race_between_processes(database_url: str) -> None:
    databases = [Database(database_url) for _ in range(3)]

    def mark(session: Session) -> bool:
        return repo.mark_activity_processed(session, conversation_id="c", activity_id="a", at=NOW)

    results = await asyncio.gather(*(db.run(mark) for db in databases))
    assert sorted(results) == [False, False, True]
    for db in databases:
        await db.close()
