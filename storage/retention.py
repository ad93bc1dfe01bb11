"""Retention, access requests and erasure: the rows about a pupil leave with the case.

A case is deleted together with every row that hangs off it. The dependants are found from the
foreign keys in the table metadata rather than listed by hand, so a table added later that points
at a case (or at one of its rows) is deleted with it instead of blocking the delete. Log entries are
append-only against *updates*; deleting them whole, with their case, is what retention is for.
Audit events are kept: they hold ids and actions, never pupil text, and `case_id` there is a plain
integer, not a foreign key, so the trail of who did what survives the case.

Like every repository function these never commit and never write audit rows themselves: the
caller knows who asked (a leader, or the housekeeping task) and audits in the same transaction.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import Select, Table, delete, func
from sqlalchemy import select as core_select
from sqlmodel import Session, SQLModel, col, select

from storage.cases import normalize_group
from storage.models import (
    AgreementGoal,
    Case,
    CaseMember,
    CooperationAgreement,
    Deadline,
    LogEntry,
    Measure,
)

_CASE_TABLE: Table = Case.__table__  # type: ignore[attr-defined]


def _children(parent: Table) -> list[tuple[Table, Any]]:
    """(table, referencing column) for every foreign key that points at `parent`."""
    found = []
    for table in SQLModel.metadata.sorted_tables:
        for key in table.foreign_keys:
            if key.column.table is parent and table is not parent:
                found.append((table, key.parent))
    return found


def _delete_rows(session: Session, table: Table, ids: Select[Any]) -> int:
    """Delete rows of `table` whose primary key is in `ids`, dependants first."""
    (key,) = table.primary_key.columns
    for child, column in _children(table):
        child_keys = list(child.primary_key.columns)
        if len(child_keys) == 1 and _children(child):
            _delete_rows(session, child, core_select(child_keys[0]).where(column.in_(ids)))
        else:
            session.execute(delete(child).where(column.in_(ids)))
    return session.execute(delete(table).where(key.in_(ids))).rowcount


def expired_case_tenants(session: Session, *, closed_before: datetime) -> list[str]:
    """Tenants with closed cases due for deletion, so each school's purge is audited apart."""
    query = (
        select(Case.tenant_id)
        .where(Case.status == "closed", col(Case.closed_at) < closed_before)
        .distinct()
        .order_by(Case.tenant_id)
    )
    return list(session.exec(query))


def purge_closed_cases(
    session: Session, *, closed_before: datetime, tenant_id: str | None = None
) -> int:
    """Delete cases closed before `closed_before` with all their rows; returns cases deleted."""
    ids = core_select(_CASE_TABLE.c.id).where(
        _CASE_TABLE.c.status == "closed", _CASE_TABLE.c.closed_at < closed_before
    )
    if tenant_id is not None:
        ids = ids.where(_CASE_TABLE.c.tenant_id == tenant_id)
    return _delete_rows(session, _CASE_TABLE, ids)


def _pupil_case_ids(session: Session, tenant_id: str, pupil_name: str, group_name: str) -> Select:
    """Every case of one pupil (open or closed); names match as `find_open_case` matches them."""
    return core_select(_CASE_TABLE.c.id).where(
        _CASE_TABLE.c.tenant_id == tenant_id,
        _CASE_TABLE.c.group_name == normalize_group(group_name),
        func.lower(_CASE_TABLE.c.pupil_name) == pupil_name.strip().lower(),
    )


def delete_pupil_records(
    session: Session, *, tenant_id: str, pupil_name: str, group_name: str
) -> int:
    """Erasure on request: all cases of the pupil in this tenant and their rows; returns cases."""
    ids = _pupil_case_ids(session, tenant_id, pupil_name, group_name)
    return _delete_rows(session, _CASE_TABLE, ids)


def _dump(row: SQLModel, *, leave_out: tuple[str, ...] = ()) -> dict[str, Any]:
    return row.model_dump(mode="json", exclude=set(leave_out))


def _rows(session: Session, model: Any, column: Any, value: int) -> list[Any]:
    return list(session.exec(select(model).where(column == value).order_by(col(model.id))))


def _export_case(session: Session, case: Case) -> dict[str, Any]:
    assert case.id is not None
    agreements = []
    for agreement in _rows(session, CooperationAgreement, CooperationAgreement.case_id, case.id):
        goals = _rows(session, AgreementGoal, AgreementGoal.agreement_id, agreement.id)
        exported = _dump(agreement, leave_out=("case_id",))
        exported["goals"] = [_dump(goal, leave_out=("agreement_id",)) for goal in goals]
        agreements.append(exported)
    members = session.exec(
        select(CaseMember)
        .where(CaseMember.case_id == case.id)
        .order_by(col(CaseMember.display_name))
    )
    logs = session.exec(
        select(LogEntry)
        .where(LogEntry.case_id == case.id)
        .order_by(col(LogEntry.created_at), col(LogEntry.id))
    )
    return {
        **_dump(case, leave_out=("tenant_id",)),
        "members": [_dump(member, leave_out=("case_id",)) for member in members],
        "log_entries": [_dump(entry, leave_out=("case_id",)) for entry in logs],
        "deadlines": [
            _dump(deadline, leave_out=("case_id", "tenant_id"))
            for deadline in _rows(session, Deadline, Deadline.case_id, case.id)
        ],
        "measures": [
            _dump(measure, leave_out=("case_id",))
            for measure in _rows(session, Measure, Measure.case_id, case.id)
        ],
        "agreements": agreements,
    }


def export_pupil_records(
    session: Session, *, tenant_id: str, pupil_name: str, group_name: str
) -> dict[str, Any]:
    """An access request: everything stored about one pupil, as plain JSON-ready values."""
    ids = _pupil_case_ids(session, tenant_id, pupil_name, group_name)
    cases = session.exec(select(Case).where(col(Case.id).in_(ids)).order_by(col(Case.id)))
    return {
        "tenant_id": tenant_id,
        "pupil_name": pupil_name.strip(),
        "group_name": normalize_group(group_name),
        "cases": [_export_case(session, case) for case in cases],
    }
