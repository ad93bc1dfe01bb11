"""Schools added in chat by the municipality administrator, and the schools a person leads by
a leader row (issue 20). The schools file stays the bootstrap; these rows come on top of it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_
from sqlmodel import Session, col, select

from storage.models import Leader, School
from storage.schools import SEPARATOR


def stored_schools(session: Session, *, tenant_id: str) -> list[School]:
    """The tenant's schools added in chat, in the order they were added."""
    query = select(School).where(School.tenant_id == tenant_id, col(School.added_by).is_not(None))
    return list(session.exec(query.order_by(col(School.created_at), col(School.school_id))))


def add_school(
    session: Session,
    *,
    tenant_id: str,
    school_id: str,
    scope: str,
    name: str,
    added_by: str,
    now: datetime,
) -> bool:
    """False when the tenant already has a school with that id or scope."""
    if session.get(School, (tenant_id, school_id)) is not None:
        return False
    if session.exec(select(School).where(School.scope == scope)).first() is not None:
        return False
    session.add(
        School(
            tenant_id=tenant_id,
            school_id=school_id,
            scope=scope,
            name=name,
            created_at=now,
            added_by=added_by,
        )
    )
    session.flush()
    return True


def led_scopes(
    session: Session, *, tenant_id: str, aad_object_id: str, upn: str | None
) -> set[str]:
    """The scopes of the tenant where this person has a leader row (by aad id, or by a UPN
    that still waits for their first message)."""
    who = [col(Leader.aad_object_id) == aad_object_id]
    if upn:
        who.append(col(Leader.upn) == upn.strip().lower())
    in_tenant = or_(
        col(Leader.tenant_id) == tenant_id, col(Leader.tenant_id).startswith(tenant_id + SEPARATOR)
    )
    query = select(Leader.tenant_id).where(in_tenant, or_(*who))
    return set(session.exec(query))
