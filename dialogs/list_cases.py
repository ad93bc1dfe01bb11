"""Open cases in chat: "vis åpne saker", "saker med forfalte frister", "saker på nivå 2",
"åpne saker på 5. trinn", "mine saker", "saker til Kari".

Entry: intent `list_cases` with optional `scope`, `level`, `overdue`, `group`, `owner` (a first
name or full name of the teacher who owns the cases), and `page` from the paging buttons.
Leaders see every open case of their tenant with counts per level; staff see the cases they own
or share, with a note that the full list is for leaders (an owner filter narrows that, never
widens it). Every listing is audited. Outcome: one card, a page at a time, each row opening the
case's status; an owner nobody by that name gets a short answer instead. A list forgets the
conversation's last case (dialogs.engine.last_case): «hvorfor?» after it asks which pupil.
"""

from __future__ import annotations

from typing import Any

from botbuilder.core import TurnContext

from casework.case_list import ListRequest, read_page
from casework.services import Services
from content.cards import render_card
from content.i18n import Translator
from content.replies.status import ListView, case_list_card
from dialogs.engine.form import AnswerDialog
from dialogs.engine.ids import DialogId
from dialogs.engine.last_case import remember_case
from dialogs.engine.replies import say, show_typing, translator, with_card
from dialogs.engine.turn import actor_of


def list_card(view: ListView, owner_name: str, translate: Translator) -> dict[str, Any]:
    data = case_list_card(view, translate)
    if owner_name:
        data["title"] = translate("leaders.cases.title_owner", owner=owner_name)
    return render_card("case_list", data)


def list_cases_dialog(services: Services) -> AnswerDialog:
    async def answer(context: TurnContext, options: dict[str, Any]) -> None:
        await show_typing(context)  # a leader's page reads the whole school
        request = ListRequest.of(actor_of(context), options)
        now = services.clock.now()
        page = await services.database.run(lambda s: read_page(s, services, request, now))
        translate = translator(context)
        if page is None:
            await say(context, translate("leaders.cases.no_owner", owner=options["owner"]))
            return
        await context.send_activity(with_card(list_card(*page, translate)))
        await remember_case(context, None)  # several cases shown: «hvorfor?» asks which

    return AnswerDialog(DialogId.LIST_CASES, answer)
