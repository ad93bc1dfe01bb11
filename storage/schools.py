"""Schools inside a tenant: their registration, members placed by a leader, a member's current
school, and the municipality's counts (issue 20).

A school's `scope` is the value every school-owned row carries in `tenant_id`: the bare tenant
id for a tenant's default school, `<tenant>#<school id>` for a configured one. So every query
that is scoped by `tenant_id` is scoped by school, and a school's data cannot reach another
school's leader through any list, export, deletion or replayed id.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import ColumnElement, func, or_
from sqlmodel import Session, col, select

from storage.models import (
    Case,
    ConversationReference,
    Deadline,
    School,
    SchoolChoice,
    SchoolMember,
    UserProfile,
)

SEPARATOR = "#"
PENDING, CONFIRMED = "pending", "confirmed"


def scope_of(tenant_id: str, school_id: str | None) -> str:
    """The key of a school's rows; None (the tenant's default school) is the tenant itself."""
    return tenant_id if school_id is None else f"{tenant_id}{SEPARATOR}{school_id}"


def teams_tenant(scope: str) -> str:
    """The Teams tenant a school's scope belongs to (conversation references are per tenant)."""
    return scope.split(SEPARATOR, 1)[0]


def school_of_scope(scope: str) -> str | None:
    """The configured school's id in a scope; None for a tenant's default school."""
    return scope.split(SEPARATOR, 1)[1] if SEPARATOR in scope else None


def register_school(
    session: Session, *, tenant_id: str, school_id: str, scope: str, name: str, now: datetime
) -> None:
    """The school's row, kept under its scope: a configured default school takes over the
    tenant's `default` row (the migration's), so the scope stays unique."""
    row = session.exec(select(School).where(School.scope == scope)).first()
    if row is not None and (row.tenant_id, row.school_id, row.name) == (tenant_id, school_id, name):
        return
    if row is not None:
        session.delete(row)
        session.flush()
    session.add(
        School(tenant_id=tenant_id, school_id=school_id, scope=scope, name=name, created_at=now)
    )


def memberships(session: Session, *, tenant_id: str, aad_object_id: str) -> list[SchoolMember]:
    query = select(SchoolMember).where(
        SchoolMember.tenant_id == tenant_id, SchoolMember.aad_object_id == aad_object_id
    )
    return list(session.exec(query.order_by(col(SchoolMember.school_id))))


def ask_to_join(
    session: Session,
    *,
    tenant_id: str,
    aad_object_id: str,
    school_id: str,
    display_name: str,
    now: datetime,
) -> None:
    """A waiting membership; asking again (or for another school) never undoes a confirmation."""
    row = session.get(SchoolMember, (tenant_id, aad_object_id, school_id))
    if row is None:
        session.add(
            SchoolMember(
                tenant_id=tenant_id,
                aad_object_id=aad_object_id,
                school_id=school_id,
                display_name=display_name,
                status=PENDING,
                updated_at=now,
            )
        )


def pending_members(session: Session, *, tenant_id: str, school_id: str) -> list[SchoolMember]:
    query = select(SchoolMember).where(
        SchoolMember.tenant_id == tenant_id,
        SchoolMember.school_id == school_id,
        SchoolMember.status == PENDING,
    )
    return list(session.exec(query.order_by(col(SchoolMember.updated_at))))


def answer_member(
    session: Session,
    *,
    tenant_id: str,
    school_id: str,
    aad_object_id: str,
    accept: bool,
    by: str,
    now: datetime,
) -> SchoolMember | None:
    """A leader of `school_id` confirms or declines a waiting member; None when there is no
    such waiting request (a replayed button, or another school's request)."""
    row = session.get(SchoolMember, (tenant_id, aad_object_id, school_id))
    if row is None or row.status != PENDING:
        return None
    if accept:
        row.status, row.confirmed_by, row.updated_at = CONFIRMED, by, now
        session.add(row)
    else:
        session.delete(row)
    session.flush()
    return row


def current_choice(session: Session, *, tenant_id: str, aad_object_id: str) -> str | None:
    row = session.get(SchoolChoice, (tenant_id, aad_object_id))
    return row.school_id if row is not None else None


def choose(
    session: Session, *, tenant_id: str, aad_object_id: str, school_id: str | None, now: datetime
) -> None:
    row = session.get(SchoolChoice, (tenant_id, aad_object_id))
    if school_id is None:
        if row is not None:
            session.delete(row)
        return
    if row is None:
        row = SchoolChoice(tenant_id=tenant_id, aad_object_id=aad_object_id, school_id=school_id)
    row.school_id, row.updated_at = school_id, now
    session.add(row)


@dataclass(frozen=True)
class SchoolCounts:
    """What the municipality sees of one school: numbers only."""

    open_by_level: dict[int, int]
    overdue: int
    opened_by_month: dict[str, int]
    closed_by_month: dict[str, int]


def _scopes(tenant_id: str, column: Any) -> ColumnElement[bool]:
    return or_(col(column) == tenant_id, col(column).like(f"{tenant_id}{SEPARATOR}%"))


def municipality_counts(
    session: Session, *, tenant_id: str, now: datetime, since: datetime
) -> dict[str, SchoolCounts]:
    """Per scope of the tenant: open cases per level, overdue deadlines of open cases, cases
    opened and closed per month since `since`. No name, no id, no text leaves this function."""
    open_rows = session.exec(
        select(Case.tenant_id, Case.level, func.count())
        .where(_scopes(tenant_id, col(Case.tenant_id)), col(Case.status) == "open")
        .group_by(col(Case.tenant_id), col(Case.level))
    ).all()
    overdue_rows = session.exec(
        select(Deadline.tenant_id, func.count())
        .join(Case, col(Case.id) == col(Deadline.case_id))
        .where(
            _scopes(tenant_id, col(Deadline.tenant_id)),
            Deadline.status == "open",
            col(Deadline.due_at) < now,
            Case.status == "open",
        )
        .group_by(Deadline.tenant_id)
    ).all()
    moments = session.exec(
        select(Case.tenant_id, Case.opened_at, Case.closed_at).where(
            _scopes(tenant_id, col(Case.tenant_id)),
            or_(col(Case.opened_at) >= since, col(Case.closed_at) >= since),
        )
    ).all()
    levels: dict[str, dict[int, int]] = {}
    for scope, level, count in open_rows:
        levels.setdefault(scope, {})[int(level)] = int(count)
    overdue = {scope: int(count) for scope, count in overdue_rows}
    opened: dict[str, Counter[str]] = {}
    closed: dict[str, Counter[str]] = {}
    for scope, opened_at, closed_at in moments:
        if opened_at is not None and opened_at >= since:
            opened.setdefault(scope, Counter())[opened_at.strftime("%Y-%m")] += 1
        if closed_at is not None and closed_at >= since:
            closed.setdefault(scope, Counter())[closed_at.strftime("%Y-%m")] += 1
    scopes = set(levels) | set(overdue) | set(opened) | set(closed)
    return {
        scope: SchoolCounts(
            open_by_level=levels.get(scope, {}),
            overdue=overdue.get(scope, 0),
            opened_by_month=dict(sorted(opened.get(scope, Counter()).items())),
            closed_by_month=dict(sorted(closed.get(scope, Counter()).items())),
        )
        for scope in scopes
    }


def reachable(
    session: Session, *, aad_ids: Iterable[str], upns: Iterable[str]
) -> list[tuple[str, str]]:
    """(tenant, aad id) of installed users named by aad id or by their looked-up UPN."""
    ids, upn_set = set(aad_ids), set(upns)
    found: set[tuple[str, str]] = set()
    if upn_set:
        profiles = session.exec(select(UserProfile).where(col(UserProfile.upn).in_(upn_set)))
        found |= {(p.tenant_id, p.aad_object_id) for p in profiles}
    if ids:
        refs = session.exec(
            select(ConversationReference).where(col(ConversationReference.user_aad_id).in_(ids))
        )
        found |= {(r.tenant_id, r.user_aad_id) for r in refs}
    if not found:
        return []
    installed = session.exec(
        select(ConversationReference).where(
            col(ConversationReference.user_aad_id).in_({aad for _, aad in found}),
            ConversationReference.installed == True,  # noqa: E712
        )
    )
    return sorted(
        (r.tenant_id, r.user_aad_id) for r in installed if (r.tenant_id, r.user_aad_id) in found
    )


ID_TABLES: dict[str, type[Case] | type[Deadline]] = {"case_id": Case, "deadline_id": Deadline}


def scope_of_record(session: Session, key: str, record_id: int) -> str | None:
    """The scope a card button's case or deadline id belongs to (to act for that school when
    its member of several schools presses it); access is still decided by casework."""
    model = ID_TABLES.get(key)
    if model is None:
        return None
    row = cast("Case | Deadline | None", session.get(model, record_id))
    return row.tenant_id if row is not None else None
