"""Cases: opening, finding, listing with filters, and never leaking across tenants."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from storage import repository as repo
from storage.db import Database
from storage.errors import NotFound

NOW = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
T1, T2 = "tenant-1", "tenant-2"


def open_case(session: Session, pupil: str, group: str, **kwargs: Any) -> int:
    values: dict[str, Any] = {
        "tenant_id": T1,
        "owner_aad_id": "owner-a",
        "owner_name": "Anne",
        "now": NOW,
    }
    values.update(kwargs)
    case = repo.open_case(session, pupil_name=pupil, group_name=group, **values)
    assert case.id is not None
    return case.id


def test_find_open_case_ignores_case_and_spaces(database: Database) -> None:
    case_id = database.run_sync(lambda s: open_case(s, "Ola", "5 b"))
    found = database.run_sync(
        lambda s: repo.find_open_case(s, tenant_id=T1, pupil_name=" ola ", group_name="5B")
    )
    assert found is not None and found.id == case_id and found.group_name == "5B"
    other_tenant = database.run_sync(
        lambda s: repo.find_open_case(s, tenant_id=T2, pupil_name="Ola", group_name="5B")
    )
    assert other_tenant is None


def test_closed_cases_are_not_found_as_open(database: Database) -> None:
    case_id = database.run_sync(lambda s: open_case(s, "Ola", "5B"))
    closed = database.run_sync(lambda s: repo.close_case(s, tenant_id=T1, case_id=case_id, now=NOW))
    assert closed.status == "closed" and closed.closed_at == NOW
    assert (
        database.run_sync(
            lambda s: repo.find_open_case(s, tenant_id=T1, pupil_name="Ola", group_name="5B")
        )
        is None
    )


def test_get_case_is_tenant_scoped(database: Database) -> None:
    case_id = database.run_sync(lambda s: open_case(s, "Ola", "5B", criteria=["c1", "c2"]))
    case = database.run_sync(lambda s: repo.get_case(s, tenant_id=T1, case_id=case_id))
    assert case is not None and case.criteria == ["c1", "c2"] and case.opened_at == NOW
    assert database.run_sync(lambda s: repo.get_case(s, tenant_id=T2, case_id=case_id)) is None
    with pytest.raises(NotFound):
        database.run_sync(
            lambda s: repo.set_level(s, tenant_id=T2, case_id=case_id, level=2, now=NOW)
        )


def test_level_outside_0_to_3_is_rejected_by_the_database(database: Database) -> None:
    with pytest.raises(IntegrityError):
        database.run_sync(lambda s: open_case(s, "Ola", "5B", level=4))


def seed(session: Session) -> dict[str, int]:
    ids = {
        "ola": open_case(session, "Ola", "5A", level=1),
        "kari": open_case(session, "Kari", "5B", level=2, owner_aad_id="owner-b"),
        "per": open_case(session, "Per", "5", level=1),
        "lise": open_case(session, "Lise", "50", level=3),
        "nils": open_case(session, "Nils", "6A", level=0),
        "other": open_case(session, "Ola", "5A", tenant_id=T2),
    }
    for name, hours, kind in [
        ("ola", -2, "contact_guardians"),
        ("ola", 30, "next_contact"),
        ("kari", 5, "report_to_leadership"),
        ("other", -5, "contact_guardians"),
    ]:
        repo.add_deadline(
            session,
            tenant_id=T2 if name == "other" else T1,
            case_id=ids[name],
            kind=kind,
            due_at=NOW + timedelta(hours=hours),
            now=NOW,
        )
    return ids


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["ola", "kari", "per", "lise", "nils"]),
        ({"group": "5"}, ["ola", "kari", "per"]),
        ({"group": "5b"}, ["kari"]),
        ({"group": "50"}, ["lise"]),
        ({"level": 1}, ["ola", "per"]),
        ({"owner_aad_id": "owner-b"}, ["kari"]),
        ({"overdue_only": True}, ["ola"]),
        ({"limit": 2, "offset": 1}, ["kari", "per"]),
    ],
)
def test_list_cases_filters(database: Database, filters: dict[str, Any], expected: list[str]):
    ids = database.run_sync(seed)
    names = {case_id: name for name, case_id in ids.items()}
    rows = database.run_sync(lambda s: repo.list_cases(s, tenant_id=T1, now=NOW, **filters))
    assert [names[row.case.id] for row in rows] == expected


@pytest.mark.parametrize(
    ("pupil", "group", "expected"),
    [
        (" ola ", None, ["ola"]),
        ("Ola", "5", ["ola"]),
        ("Ola", "5 a", ["ola"]),
        ("Ola", "5B", []),
        ("Per", "5", ["per"]),
        ("Lise", "5", []),
        ("Lise", "50", ["lise"]),
    ],
)
def test_find_cases_by_pupil_in_a_class_or_a_grade(
    database: Database, pupil: str, group: str | None, expected: list[str]
) -> None:
    ids = database.run_sync(seed)
    names = {case_id: name for name, case_id in ids.items()}
    found = database.run_sync(
        lambda s: repo.find_cases_by_pupil(s, tenant_id=T1, pupil_name=pupil, group_name=group)
    )
    assert [names[case.id] for case in found] == expected


def test_list_cases_carries_next_deadline_in_one_query(database: Database) -> None:
    ids = database.run_sync(seed)
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(database.engine, "before_cursor_execute", count)
    rows = database.run_sync(lambda s: repo.list_cases(s, tenant_id=T1, now=NOW))
    event.remove(database.engine, "before_cursor_execute", count)
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 1
    by_id = {row.case.id: row for row in rows}
    ola, kari, nils = by_id[ids["ola"]], by_id[ids["kari"]], by_id[ids["nils"]]
    assert (ola.next_deadline_kind, ola.next_deadline_due_at, ola.overdue) == (
        "contact_guardians",
        NOW - timedelta(hours=2),
        True,
    )
    assert (kari.next_deadline_kind, kari.overdue) == ("report_to_leadership", False)
    assert (nils.next_deadline_kind, nils.next_deadline_due_at, nils.overdue) == (None, None, False)


def test_count_cases_by_level(database: Database) -> None:
    ids = database.run_sync(seed)
    database.run_sync(lambda s: repo.close_case(s, tenant_id=T1, case_id=ids["lise"], now=NOW))
    counts = database.run_sync(lambda s: repo.count_cases_by_level(s, tenant_id=T1))
    assert counts == {0: 1, 1: 2, 2: 1, 3: 0}
    mine = database.run_sync(
        lambda s: repo.count_cases_by_level(s, tenant_id=T1, owner_aad_id="owner-b")
    )
    assert mine == {0: 0, 1: 0, 2: 1, 3: 0}


def test_set_level_updates_case(database: Database) -> None:
    case_id = database.run_sync(lambda s: open_case(s, "Ola", "5B"))
    later = NOW + timedelta(days=3)
    database.run_sync(
        lambda s: repo.set_level(s, tenant_id=T1, case_id=case_id, level=2, now=later)
    )
    case = database.run_sync(lambda s: repo.get_case(s, tenant_id=T1, case_id=case_id))
    assert case is not None and (case.level, case.updated_at) == (2, later)


def test_members_are_idempotent_and_tenant_scoped(database: Database) -> None:
    case_id = database.run_sync(lambda s: open_case(s, "Ola", "5B"))
    for _ in range(2):
        database.run_sync(
            lambda s: repo.add_member(
                s, tenant_id=T1, case_id=case_id, aad_object_id="m1", display_name="Mona"
            )
        )
    assert database.run_sync(
        lambda s: repo.is_member(s, tenant_id=T1, case_id=case_id, aad_object_id="m1")
    )
    assert not database.run_sync(
        lambda s: repo.is_member(s, tenant_id=T2, case_id=case_id, aad_object_id="m1")
    )
    assert not database.run_sync(
        lambda s: repo.is_member(s, tenant_id=T1, case_id=case_id, aad_object_id="owner-a")
    )
    members = database.run_sync(lambda s: repo.members(s, tenant_id=T1, case_id=case_id))
    assert [m.display_name for m in members] == ["Mona"]
