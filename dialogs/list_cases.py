"""Open cases in chat: "vis åpne saker", "saker med forfalte frister", "saker på nivå 2",
"åpne saker på 5. trinn", "mine saker".

Entry: intent `list_cases` with optional `scope`, `level`, `overdue`, `group`, and `page` from
the paging buttons. Leaders see every open case of their tenant with counts per level; staff
see the cases they own or share, with a note that the full list is for leaders. Every listing
is audited. Outcome: one card, a page at a time, each row opening the case's status.
"""

from __future__ import annotations

from typing import Any

from botbuilder.core import TurnContext
from sqlmodel import Session

from content.cards import render_card
from content.case_replies import ListView, case_list_card
from dialogs import ids
from dialogs.actor import actor_of
from dialogs.answers import AnswerDialog
from dialogs.casework import audit
from dialogs.replies import translator, with_card
from dialogs.services import Services
from storage import repository as repo

PAGE_SIZE = 10


def list_cases_dialog(services: Services) -> AnswerDialog:
    async def answer(context: TurnContext, options: dict[str, Any]) -> None:
        actor = actor_of(context, services)
        now = services.clock.now()
        page = max(int(options.get("page") or 0), 0)
        everyone = actor.is_leader and options.get("scope") != "mine"
        filters = {
            "level": options.get("level"),
            "group": options.get("group"),
            "overdue_only": bool(options.get("overdue")),
        }
        visible_to = None if everyone else actor.aad_id

        def read(session: Session) -> ListView:
            rows = repo.list_cases(
                session,
                tenant_id=actor.tenant_id,
                visible_to=visible_to,
                now=now,
                limit=PAGE_SIZE + 1,
                offset=page * PAGE_SIZE,
                **filters,
            )
            counts = repo.count_cases_by_level(
                session, tenant_id=actor.tenant_id, visible_to=visible_to
            )
            audit(session, actor, "case.list", None, now, everyone=everyone, page=page)
            return ListView(
                rows=tuple(
                    (
                        row.case.id,
                        row.case.pupil_name,
                        row.case.group_name,
                        row.case.level,
                        row.case.owner_name,
                        row.next_deadline_due_at.astimezone(services.timezone)
                        if row.next_deadline_due_at
                        else None,
                        row.overdue,
                    )
                    for row in rows[:PAGE_SIZE]
                ),
                counts=counts,
                page=page,
                has_more=len(rows) > PAGE_SIZE,
                everyone=everyone,
                staff_note=not actor.is_leader,
                filters={
                    k: v for k, v in options.items() if k in ("scope", "level", "overdue", "group")
                },
            )

        view = await services.database.run(read)
        data = case_list_card(view, translator(context))
        await context.send_activity(with_card(render_card("case_list", data)))

    return AnswerDialog(ids.LIST_CASES, answer)
