"""Open cases in chat: "vis åpne saker", "saker med forfalte frister", "saker på nivå 2",
"åpne saker på 5. trinn", "mine saker", "saker til Kari".

Entry: intent `list_cases` with optional `scope`, `level`, `overdue`, `group`, `owner` (a first
name or full name of the teacher who owns the cases), and `page` from the paging buttons.
Leaders see every open case of their tenant with counts per level; staff see the cases they own
or share, with a note that the full list is for leaders (an owner filter narrows that, never
widens it). Every listing is audited. Outcome: one card, a page at a time, each row opening the
case's status; an owner nobody by that name gets a short answer instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from botbuilder.core import TurnContext
from sqlmodel import Session

from content.cards import render_card
from content.case_replies import ListView, case_list_card
from content.i18n import Translator
from dialogs import ids
from dialogs.actor import Actor, resolve_actor
from dialogs.answers import AnswerDialog
from dialogs.casework import audit
from dialogs.replies import say, translator, with_card
from dialogs.services import Services
from storage import leaders as leader_repo
from storage import repository as repo

PAGE_SIZE = 10
FILTERS = ("scope", "level", "overdue", "group", "owner")
ListRow = tuple[int, str, str, int, str, datetime | None, bool]


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
    audit(session, actor, "case.list", None, now, everyone=request.everyone, page=request.page)
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
        due.astimezone(services.timezone) if due else None,
        row.overdue,
    )


def list_card(view: ListView, owner_name: str, translate: Translator) -> dict[str, Any]:
    data = case_list_card(view, translate)
    if owner_name:
        data["title"] = translate("leaders.cases.title_owner", owner=owner_name)
    return render_card("case_list", data)


def list_cases_dialog(services: Services) -> AnswerDialog:
    async def answer(context: TurnContext, options: dict[str, Any]) -> None:
        request = ListRequest.of(await resolve_actor(context, services), options)
        now = services.clock.now()
        page = await services.database.run(lambda s: read_page(s, services, request, now))
        translate = translator(context)
        if page is None:
            await say(context, translate("leaders.cases.no_owner", owner=options["owner"]))
            return
        await context.send_activity(with_card(list_card(*page, translate)))

    return AnswerDialog(ids.LIST_CASES, answer)
