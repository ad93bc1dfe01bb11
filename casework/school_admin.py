"""Schools managed in chat (issue 20): the municipality administrator adds a school and names
its first leaders («legg til skolen Vestbyen skole med leder rektor@vestbyen.example»). The
school is stored beside the schools file (which stays the bootstrap; a school in the file is
never added again), its leaders as leader rows of the new school's scope, waiting by UPN for
their first message. Leaders of a school add and remove its other leaders with the usual
«legg til leder …» (dialogs/manage_leaders.py), which is scoped to their school.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from sqlmodel import Session

from casework.access import Actor
from casework.audit import audit
from casework.schools import SchoolDirectory
from casework.vocab import AuditAction
from content.school_admin import NewSchool, school_id_for
from storage import leaders as leader_repo
from storage import school_admin as school_admin_repo
from storage import schools as school_repo


class Added(StrEnum):
    """What became of the request; the catalog key `school_admin.<value>`."""

    ADDED = "added"
    EXISTS = "exists"
    NO_LEADERS = "no_leaders"


@dataclass(frozen=True)
class AddedSchool:
    result: Added
    name: str
    leaders: tuple[str, ...] = ()


def add_school(
    session: Session, directory: SchoolDirectory, admin: Actor, new: NewSchool, now: datetime
) -> AddedSchool:
    """`directory` is the tenant's schools as the turn sees them (file and chat)."""
    if not new.leaders:
        return AddedSchool(Added.NO_LEADERS, new.name)
    school_id = school_id_for(new.name)
    taken = any(
        s.id == school_id or s.name.casefold() == new.name.casefold()
        for s in directory.in_tenant(admin.tenant_id)
    )
    scope = school_repo.scope_of(admin.tenant_id, school_id)
    stored = not taken and school_admin_repo.add_school(
        session,
        tenant_id=admin.tenant_id,
        school_id=school_id,
        scope=scope,
        name=new.name,
        added_by=admin.aad_id,
        now=now,
    )
    if not stored:
        return AddedSchool(Added.EXISTS, new.name)
    for person in new.leaders:
        by_upn = "@" in person
        leader_repo.add_leader(
            session,
            tenant_id=scope,
            source=leader_repo.CHAT,
            now=now,
            aad_object_id=None if by_upn else person,
            upn=person if by_upn else None,
            added_by=admin.aad_id,
        )
    school_admin = replace(admin, tenant_id=scope, school_id=school_id)
    audit(session, school_admin, AuditAction.SCHOOL_ADD, None, now, leaders=len(new.leaders))
    return AddedSchool(Added.ADDED, new.name, new.leaders)
