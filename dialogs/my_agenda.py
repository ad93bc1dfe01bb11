"""«Hva må jeg gjøre i dag?», «mine frister», «denne uka» (issue 15): the user's own open
deadlines across pupils, most urgent first (overdue first), each with «Gjør det nå», which
starts the step that settles it (a log, an evaluation, the report to leadership).

Entry: intent `my_agenda` with optional `period` (`today` or `week`; none: everything open).
No slots. Own means the cases the user owns or shares and the measures they own; a leader's card
also counts the school's overdue deadlines, with a button to those cases. Nothing of another
teacher or another school is read. Outcome: one card; nothing is stored, and the
conversation's last case is forgotten (dialogs.engine.last_case), as the card names several.
"""

from __future__ import annotations

from typing import Any

from botbuilder.core import TurnContext

from casework.agenda import AgendaView, Period, do_now_data, read_agenda
from casework.school_time import SchoolTime
from casework.services import Services
from content.cards import render_card
from content.i18n import Translator
from content.replies.agenda import AgendaLine, agenda_card
from dialogs.engine.form import AnswerDialog
from dialogs.engine.ids import DialogId
from dialogs.engine.last_case import remember_case
from dialogs.engine.replies import translator, with_card
from dialogs.engine.turn import actor_of


def agenda_lines(view: AgendaView, school: SchoolTime) -> list[AgendaLine]:
    return [
        AgendaLine(
            pupil=row.pupil,
            group=row.group,
            kind=row.kind,
            measure=row.measure,
            due_at=school.local(row.due_at),
            do_now=do_now_data(row.kind, row.case_id, row.measure_id),
        )
        for row in view.rows
    ]


def card_of(view: AgendaView, school: SchoolTime, translate: Translator) -> dict[str, Any]:
    lines = agenda_lines(view, school)
    data = agenda_card(
        translate,
        view.period.value,
        lines,
        view.total,
        view.school_overdue,
        school.local(school.now()),
    )
    return render_card("agenda", data)


def my_agenda_dialog(services: Services) -> AnswerDialog:
    async def answer(context: TurnContext, options: dict[str, Any]) -> None:
        actor, period = actor_of(context), Period.of(options.get("period"))
        school, now = services.school, services.clock.now()
        view = await services.database.run(
            lambda session: read_agenda(session, actor, period, school, now)
        )
        await context.send_activity(with_card(card_of(view, school, translator(context))))
        await remember_case(context, None)  # several pupils shown: «hvorfor?» asks which

    return AnswerDialog(DialogId.MY_AGENDA, answer)
