"""Finding cases: the case lists of leaders and staff, and a pupil's open cases by name.

Read-only, every query scoped to one tenant, and built once where a turn asks it often.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, ScalarSelect, and_, bindparam, func, or_
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from storage.cases import DIGITS, normalize_group, pupil_key
from storage.models import Case, CaseMember, Deadline


@dataclass(frozen=True, slots=True)
class CaseRow:
    """One line of a case list: the case with its most urgent open deadline."""

    case: Case
    next_deadline_kind: str | None
    next_deadline_due_at: datetime | None
    overdue: bool


def _next_deadline_id() -> ScalarSelect[Any]:
    """Each case's most urgent open deadline, found by an index seek per case.

    A correlated lookup, not a window over every open deadline joined back: on 5,000 open cases
    the window's materialised result was scanned once per case (seconds on SQLite), while this
    reads `ix_deadline_case_status` (case_id, status) two or three rows at a time
    (bench/leaders_bench.py prints the plan).
    """
    inner = aliased(Deadline)
    return (
        select(inner.id)
        .where(inner.case_id == Case.id, inner.status == "open")
        .order_by(col(inner.due_at), col(inner.id))
        .limit(1)
        .correlate(Case)
        .scalar_subquery()
    )


# Every case list starts from this; the optional filters are added per call.
_OPEN_CASES_WITH_NEXT_DEADLINE = (
    select(Case, Deadline.kind, Deadline.due_at)
    .outerjoin(Deadline, col(Deadline.id) == _next_deadline_id())
    .where(Case.tenant_id == bindparam("b_tenant"), Case.status == "open")
)


_IN_CLASS = col(Case.group_name) == bindparam("b_group")
_IN_GRADE = or_(
    _IN_CLASS,
    and_(
        col(Case.group_name).startswith(bindparam("b_group")),
        func.substr(Case.group_name, bindparam("b_after"), 1).not_in(DIGITS),
    ),
)


_IN_GROUP: dict[str, ColumnElement[bool]] = {"class": _IN_CLASS, "grade": _IN_GRADE}


def _group_filter(group: str) -> tuple[str, dict[str, Any]]:
    """A grade ("5") covers its classes ("5A", "5B") but not "50"; a class matches only itself.
    Which of the two conditions of `_IN_GROUP` applies, and the values of its bind parameters
    (bound, so that statements with them are built once)."""
    wanted = normalize_group(group)
    if wanted.isdigit():
        return "grade", {"b_group": wanted, "b_after": len(wanted) + 1}
    return "class", {"b_group": wanted}


def list_cases(
    session: Session,
    *,
    tenant_id: str,
    owner_aad_id: str | None = None,
    visible_to: str | None = None,
    level: int | None = None,
    group: str | None = None,
    overdue_only: bool = False,
    now: datetime,
    limit: int = 50,
    offset: int = 0,
) -> list[CaseRow]:
    """Open cases, most urgent first, in one statement (no round trip per case).

    `owner_aad_id` keeps one owner's cases; `visible_to` those a staff member owns or is
    co-responsible for; neither: every case in the tenant (leaders).
    """
    due = col(Deadline.due_at)
    query = _OPEN_CASES_WITH_NEXT_DEADLINE
    if owner_aad_id is not None:
        query = query.where(Case.owner_aad_id == owner_aad_id)
    if visible_to is not None:
        query = query.where(_visible_to(visible_to))
    if level is not None:
        query = query.where(Case.level == level)
    parameters: dict[str, Any] = {"b_tenant": tenant_id}
    if group is not None:
        shape, group_parameters = _group_filter(group)
        query = query.where(_IN_GROUP[shape])
        parameters.update(group_parameters)
    if overdue_only:
        query = query.where(due < now)
    query = query.order_by(due.is_(None), due, col(Case.id)).limit(limit).offset(offset)
    return [
        CaseRow(case, kind, due_at, due_at is not None and due_at < now)
        for case, kind, due_at in session.exec(query, params=parameters)
    ]


def _visible_to(aad_object_id: str) -> ColumnElement[bool]:
    member_of = select(CaseMember.case_id).where(CaseMember.aad_object_id == aad_object_id)
    return or_(col(Case.owner_aad_id) == aad_object_id, col(Case.id).in_(member_of))


def count_cases_by_level(
    session: Session,
    *,
    tenant_id: str,
    owner_aad_id: str | None = None,
    visible_to: str | None = None,
) -> dict[int, int]:
    """Open cases per level, every level present (zero when none)."""
    query = select(Case.level, func.count()).where(
        Case.tenant_id == tenant_id, Case.status == "open"
    )
    if owner_aad_id is not None:
        query = query.where(Case.owner_aad_id == owner_aad_id)
    if visible_to is not None:
        query = query.where(_visible_to(visible_to))
    counts = dict(session.exec(query.group_by(col(Case.level))).all())
    return {level: counts.get(level, 0) for level in range(4)}


# Asked on every turn that names a pupil: built once per shape (any class, one class, a grade).
_BY_PUPIL = (
    select(Case)
    .where(
        Case.tenant_id == bindparam("b_tenant"),
        Case.status == "open",
        Case.pupil_key == bindparam("b_name"),
    )
    .order_by(col(Case.id))
)
_BY_PUPIL_IN_GROUP = {shape: _BY_PUPIL.where(condition) for shape, condition in _IN_GROUP.items()}


def find_cases_by_pupil(
    session: Session, *, tenant_id: str, pupil_name: str, group_name: str | None = None
) -> list[Case]:
    """Open cases of a first name (and class or grade, when given); several pupils may share a
    name."""
    parameters: dict[str, Any] = {"b_tenant": tenant_id, "b_name": pupil_key(pupil_name)}
    statement = _BY_PUPIL
    if group_name:
        shape, group_parameters = _group_filter(group_name)
        statement = _BY_PUPIL_IN_GROUP[shape]
        parameters.update(group_parameters)
    return list(session.execute(statement, parameters).scalars())


def cases_of(session: Session, *, tenant_id: str, aad_object_id: str) -> list[Case]:
    """Open cases a staff member owns or is co-responsible for."""
    query = select(Case).where(
        Case.tenant_id == tenant_id, Case.status == "open", _visible_to(aad_object_id)
    )
    return list(session.exec(query.order_by(col(Case.id))))
