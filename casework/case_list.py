"""One page of a case list, read in one transaction and audited: leaders every open case of
their school, staff the cases they own or share (dialogs/list_cases.py is the conversation)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session

from casework.access import Actor
from casework.audit import audit
from casework.services import Services
from casework.vocab import AuditAction
from content.replies.status import ListView
from storage import leaders as leader_repo
from storage import repository as repo

PAGE_SIZE = 10
FILTERS = ("scope", "level", "overdue", "group", "owner")
ListRow = tuple[int, str, str, int, str, datetime | None, bool, bool]


def owner_of(session: Session, actor: Actor, name: str) -> tuple[str, str] | None:
    """The owner a typed name means; "Karis" (a genitive) is tried as "Kari" too."""
    candidates = [name.strip()]
    if candidates[0].lower().endswith("s"):
        candidates.append(candidates[0][:-1])
    for candidate in candidates:
        found = leader_repo.find_owners(session, tenant_id=actor.tenant_id, name=candidate)
        if found:
            return found[0]
    return None


@dataclass(frozen=True)
class ListRequest:
    """One page of a list as asked: who asks, which page, which filters."""

    actor: Actor
    options: dict[str, Any]
    page: int
    everyone: bool

    @classmethod
    def of(cls, actor: Actor, options: dict[str, Any]) -> ListRequest:
        page = max(int(options.get("page") or 0), 0)
        return cls(actor, options, page, actor.is_leader and options.get("scope") != "mine")


def read_page(
    session: Session, services: Services, request: ListRequest, now: datetime
) -> tuple[ListView, str] | None:
    """The page and the owner's full name ("" without an owner filter); None: no such owner."""
    actor, options = request.actor, request.options
    owner = owner_of(session, actor, options["owner"]) if options.get("owner") else None
    if options.get("owner") and owner is None:
        return None
    owner_id, owner_name = owner or (None, "")
    visible_to = None if request.everyone else actor.aad_id
    rows = repo.list_cases(
        session,
        tenant_id=actor.tenant_id,
        visible_to=visible_to,
        owner_aad_id=owner_id,
        level=options.get("level"),
        group=options.get("group"),
        overdue_only=bool(options.get("overdue")),
        now=now,
        limit=PAGE_SIZE + 1,
        offset=request.page * PAGE_SIZE,
    )
    counts = repo.count_cases_by_level(
        session, tenant_id=actor.tenant_id, visible_to=visible_to, owner_aad_id=owner_id
    )
    audit(
        session,
        actor,
        AuditAction.CASE_LIST,
        None,
        now,
        everyone=request.everyone,
        page=request.page,
    )
    view = ListView(
        rows=tuple(_row(services, row) for row in rows[:PAGE_SIZE]),
        counts=counts,
        page=request.page,
        has_more=len(rows) > PAGE_SIZE,
        everyone=request.everyone,
        staff_note=not actor.is_leader,
        filters={k: v for k, v in options.items() if k in FILTERS},
    )
    return view, owner_name


def _row(services: Services, row: repo.CaseRow) -> ListRow:
    due = row.next_deadline_due_at
    case = row.case
    assert case.id is not None
    return (
        case.id,
        case.pupil_name,
        case.group_name,
        case.level,
        case.owner_name,
        services.school.local(due) if due else None,
        row.overdue,
        case.unsafe_environment,
    )
