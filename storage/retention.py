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

import functools
from datetime import datetime
from typing import Any

from sqlalchemy import Select, Table, delete
from sqlalchemy import select as core_select
from sqlmodel import Session, SQLModel, col, select
from sqlmodel.main import default_registry

from storage.cases import normalize_group, pupil_key
from storage.dialect import changed
from storage.models import Case

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
    return changed(session, delete(table).where(key.in_(ids)))


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
        _CASE_TABLE.c.pupil_key == pupil_key(pupil_name),
    )


def delete_pupil_records(
    session: Session, *, tenant_id: str, pupil_name: str, group_name: str
) -> int:
    """Erasure on request: all cases of the pupil in this tenant and their rows; returns cases."""
    ids = _pupil_case_ids(session, tenant_id, pupil_name, group_name)
    return _delete_rows(session, _CASE_TABLE, ids)


# How each table of a case's records is named in an export (content/privacy.py reads these).
# A table that points at a case, or at one of its rows, and is missing here is still exported,
# under its table name: export and deletion walk the same foreign keys, so neither can forget it.
EXPORT_NAMES = {
    "case_member": "members",
    "log_entry": "log_entries",
    "deadline": "deadlines",
    "measure": "measures",
    "cooperation_agreement": "agreements",
    "agreement_goal": "goals",
    "attendance_meeting": "meetings",
    "case_join_request": "join_requests",
    "case_transfer": "transfers",
}


def case_tables(parent: Table = _CASE_TABLE) -> list[Table]:
    """Every table holding a case's records: its foreign-key descendants (what deletion
    deletes and an access request exports)."""
    found = []
    for child, _column in _children(parent):
        found.append(child)
        if len(child.primary_key.columns) == 1:
            found.extend(case_tables(child))
    return found


@functools.cache
def _model_of(table: Table) -> type[SQLModel]:
    for mapper in default_registry.mappers:
        if mapper.local_table is table:
            return mapper.class_
    raise LookupError(f"no model for table {table.name}")


def _plain(row: Any, table: Table, leave_out: set[str]) -> dict[str, Any]:
    """A row as JSON-ready values, through its model so dates and times read as they do in
    the rest of the export."""
    dumped = _model_of(table).model_validate(dict(row._mapping)).model_dump(mode="json")
    return {key: value for key, value in dumped.items() if key not in leave_out}


def _export_rows(session: Session, parent: Table, parent_id: Any) -> dict[str, list[Any]]:
    """The rows under one parent row, per child table, each with its own children inside."""
    exported: dict[str, list[Any]] = {}
    for child, column in _children(parent):
        keys = list(child.primary_key.columns)
        order = [child.c[name] for name in ("created_at", "id") if name in child.c] or keys
        rows = session.execute(core_select(child).where(column == parent_id).order_by(*order))
        items = []
        for row in rows:
            item = _plain(row, child, {column.name, "tenant_id"})
            if len(keys) == 1:
                item.update(_export_rows(session, child, row._mapping[keys[0].name]))
            items.append(item)
        exported[EXPORT_NAMES.get(child.name, child.name)] = items
    return exported


def _export_case(session: Session, case: Case) -> dict[str, Any]:
    assert case.id is not None
    exported = case.model_dump(mode="json", exclude={"tenant_id"})
    exported.update(_export_rows(session, _CASE_TABLE, case.id))
    return exported


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
