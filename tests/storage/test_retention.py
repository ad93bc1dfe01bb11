"""Retention, access requests and erasure on a real database, with time passed in by hand."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlmodel import Session, SQLModel

from storage import repository as repo
from storage.db import Database
from storage.models import AuditEvent, Case
from storage.transfers import offer as offer_transfer

NOW = datetime(2027, 6, 20, 10, 0, tzinfo=UTC)
T1, T2 = "tenant-1", "tenant-2"
# Every table that holds a row of a case, and the column that ties it to the case.
CASE_TABLES = ("case_member", "log_entry", "deadline", "measure", "cooperation_agreement")


def full_case(
    session: Session, *, pupil: str = "Ada", group: str = "5B", tenant_id: str = T1
) -> int:
    """A case with one row in every table that hangs off a case."""
    case = repo.open_case(
        session,
        tenant_id=tenant_id,
        pupil_name=pupil,
        group_name=group,
        owner_aad_id="owner",
        owner_name="Kari Lærer",
        now=NOW - timedelta(days=800),
    )
    assert case.id is not None
    ids = {"tenant_id": tenant_id, "case_id": case.id}
    repo.add_member(session, **ids, aad_object_id="member", display_name="Per Rådgiver")
    repo.add_log_entry(
        session,
        **ids,
        kind="absence_log",
        contact_date=date(2025, 9, 2),
        reason="Vondt i magen",
        guardians_view="Mor er bekymret",
        next_steps="Ny samtale",
        author="Kari Lærer",
        author_aad_id="owner",
        now=NOW - timedelta(days=799),
    )
    repo.add_deadline(session, **ids, kind="contact_guardians", due_at=NOW, now=NOW)
    repo.add_measure(session, **ids, description="Fast voksen", responsible="Kari", now=NOW)
    repo.add_cooperation_agreement(
        session,
        **ids,
        main_goal="Møte hver dag",
        goals=[repo.GoalInput(goal="Komme kl. 8", responsible="Ada", measure="Vekking")],
        now=NOW,
    )
    repo.plan_meeting(
        session,
        **ids,
        starts_at=NOW,
        remind_on=NOW.date(),
        attendees="Mor, kontaktlærer",
        planned_by="owner",
        now=NOW,
    )
    repo.add_join_request(
        session, **ids, requester_aad_id="colleague", requester_name="Per Lærer", now=NOW
    )
    offer_transfer(
        session, case_id=case.id, from_scope=tenant_id, to_scope=f"{tenant_id}#b", by="x", now=NOW
    )
    repo.record_audit(
        session,
        tenant_id=tenant_id,
        actor_aad_id="owner",
        action="case.open",
        case_id=case.id,
        at=NOW,
    )
    return case.id


def close(database: Database, case_id: int, at: datetime, tenant_id: str = T1) -> None:
    database.run_sync(lambda s: repo.close_case(s, tenant_id=tenant_id, case_id=case_id, now=at))


def rows_of(database: Database, case_id: int) -> dict[str, int]:
    """How many rows each case table (and agreement goals) still has for `case_id`."""

    def count(session: Session) -> dict[str, int]:
        tables = SQLModel.metadata.tables
        counts = {}
        for name in CASE_TABLES:
            table = tables[name]
            query = select(func.count()).select_from(table).where(table.c.case_id == case_id)
            counts[name] = session.execute(query).scalar_one()
        goals, agreements = tables["agreement_goal"], tables["cooperation_agreement"]
        in_case = select(agreements.c.id).where(agreements.c.case_id == case_id)
        query = select(func.count()).select_from(goals).where(goals.c.agreement_id.in_(in_case))
        counts["agreement_goal"] = session.execute(query).scalar_one()
        counts["case"] = int(session.get(Case, case_id) is not None)
        return counts

    return database.run_sync(count)


def test_purge_deletes_only_cases_closed_before_the_cutoff(database: Database) -> None:
    # Three pupils: one pupil has at most one open case at a time (issue 13).
    old, recent, still_open = (
        database.run_sync(lambda s, p=pupil: full_case(s, pupil=p)) for pupil in ("Ada", "Bo", "Cy")
    )
    close(database, old, NOW - timedelta(days=400))
    close(database, recent, NOW - timedelta(days=10))
    assert set(rows_of(database, old).values()) == {1}

    cutoff = NOW - timedelta(days=365)
    purged = database.run_sync(lambda s: repo.purge_closed_cases(s, closed_before=cutoff))

    assert purged == 1
    assert set(rows_of(database, old).values()) == {0}
    assert set(rows_of(database, recent).values()) == {1}
    assert set(rows_of(database, still_open).values()) == {1}
    # The audit trail survives: ids only, no pupil text to delete.
    events = database.run_sync(lambda s: repo.audit_events(s, tenant_id=T1, case_id=old))
    assert [event.action for event in events] == ["case.open"]
    assert "Ada" not in json.dumps([event.detail for event in events])


def test_purge_moves_with_the_clock(database: Database) -> None:
    case_id = database.run_sync(full_case)
    closed_at = NOW - timedelta(days=100)
    close(database, case_id, closed_at)
    retention = timedelta(days=365)
    for today, expected in ((NOW, 0), (closed_at + retention, 0), (NOW + retention, 1)):
        cutoff = today - retention
        assert (
            database.run_sync(lambda s, c=cutoff: repo.purge_closed_cases(s, closed_before=c))
            == expected
        )


def test_purge_is_scoped_to_a_tenant_when_asked(database: Database) -> None:
    mine = database.run_sync(full_case)
    theirs = database.run_sync(lambda s: full_case(s, tenant_id=T2))
    close(database, mine, NOW - timedelta(days=400))
    close(database, theirs, NOW - timedelta(days=400), tenant_id=T2)
    assert database.run_sync(lambda s: repo.expired_case_tenants(s, closed_before=NOW)) == [T1, T2]

    assert (
        database.run_sync(lambda s: repo.purge_closed_cases(s, closed_before=NOW, tenant_id=T2))
        == 1
    )
    assert rows_of(database, mine)["case"] == 1
    assert rows_of(database, theirs)["case"] == 0


def test_export_holds_every_record_of_the_pupil_and_no_one_else(database: Database) -> None:
    first = database.run_sync(full_case)
    close(database, first, NOW - timedelta(days=30))
    second = database.run_sync(full_case)
    database.run_sync(lambda s: full_case(s, pupil="Ola"))
    database.run_sync(lambda s: full_case(s, group="6A"))
    database.run_sync(lambda s: full_case(s, tenant_id=T2))

    export = database.run_sync(
        lambda s: repo.export_pupil_records(s, tenant_id=T1, pupil_name=" ada ", group_name="5 b")
    )

    assert json.loads(json.dumps(export)) == export  # plain JSON values all the way down
    assert [case["id"] for case in export["cases"]] == [first, second]
    case = export["cases"][0]
    assert case["status"] == "closed"
    assert [member["display_name"] for member in case["members"]] == ["Per Rådgiver"]
    (entry,) = case["log_entries"]
    assert (entry["reason"], entry["guardians_view"], entry["next_steps"]) == (
        "Vondt i magen",
        "Mor er bekymret",
        "Ny samtale",
    )
    assert entry["contact_date"] == "2025-09-02"
    assert [deadline["kind"] for deadline in case["deadlines"]] == ["contact_guardians"]
    assert [measure["description"] for measure in case["measures"]] == ["Fast voksen"]
    (agreement,) = case["agreements"]
    assert agreement["main_goal"] == "Møte hver dag"
    assert [goal["goal"] for goal in agreement["goals"]] == ["Komme kl. 8"]


def test_export_of_an_unknown_pupil_is_empty(database: Database) -> None:
    database.run_sync(full_case)
    export = database.run_sync(
        lambda s: repo.export_pupil_records(s, tenant_id=T2, pupil_name="Ada", group_name="5B")
    )
    assert export["cases"] == []


@pytest.mark.parametrize(("tenant_id", "expected"), [(T1, 2), (T2, 0)])
def test_delete_pupil_records_erases_open_and_closed_cases(
    database: Database, tenant_id: str, expected: int
) -> None:
    closed = database.run_sync(full_case)
    close(database, closed, NOW)
    still_open = database.run_sync(full_case)
    other = database.run_sync(lambda s: full_case(s, pupil="Ola"))

    deleted = database.run_sync(
        lambda s: repo.delete_pupil_records(
            s, tenant_id=tenant_id, pupil_name="ADA", group_name="5b"
        )
    )

    assert deleted == expected
    left = 0 if expected else 1
    assert set(rows_of(database, closed).values()) == {left}
    assert set(rows_of(database, still_open).values()) == {left}
    assert set(rows_of(database, other).values()) == {1}
    audit_count = database.run_sync(
        lambda s: s.execute(select(func.count()).select_from(AuditEvent)).scalar_one()
    )
    assert audit_count == 3


# Tables that name a case without a foreign key, on purpose: ids only, never pupil text.
NOT_CASE_RECORDS = {
    "reminder": "outbox rows; a reminder whose case is gone is dropped at delivery",
    "audit_event": "the trail of who did what survives the case",
}


def _names_a_case(table: object) -> bool:
    return "case_id" in table.c or any(
        key.column.table.name == "case" for key in table.foreign_keys
    )  # type: ignore[attr-defined]


def test_export_and_deletion_cover_every_table_that_holds_case_records() -> None:
    """A table that points at a case (or at a row of one) is deleted with it and exported with
    it, because both walk the same foreign keys; a table that names a case without one must be
    listed above with its reason, or this test fails."""
    walked = {table.name for table in repo.case_tables()}
    assert walked >= set(CASE_TABLES) | {"agreement_goal"}
    naming = {
        t.name for t in SQLModel.metadata.sorted_tables if t.name != "case" and _names_a_case(t)
    }
    assert naming - walked == set(NOT_CASE_RECORDS)


def test_a_full_case_exports_a_list_for_every_case_table(database: Database) -> None:
    database.run_sync(full_case)
    export = database.run_sync(
        lambda s: repo.export_pupil_records(s, tenant_id=T1, pupil_name="Ada", group_name="5B")
    )
    (case,) = export["cases"]
    agreement = case["agreements"][0]
    exported = {name for name, value in {**case, **agreement}.items() if isinstance(value, list)}
    expected = {repo.EXPORT_NAMES[table.name] for table in repo.case_tables()}
    assert exported - {"criteria"} == expected
    assert all(case[name] for name in expected - {"goals"}) and agreement["goals"]
