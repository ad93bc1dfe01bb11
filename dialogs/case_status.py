"""Where a pupil's case stands: level, criteria, open deadlines (overdue marked), last log.

Entry: intent `case_status` (slot `pupil`) or a case list row with `case_id`. Only a case the
user may see is shown; every read is audited. Outcome: one card with the next steps as buttons;
the card asks Teams to refresh it when it is opened again (Universal Actions), and the refresh
is answered with the case as it is then, in place of the old card.
"""

from __future__ import annotations

from typing import Any

from botbuilder.core import TurnContext
from sqlalchemy import Connection

from casework.audit import audit
from casework.services import Services
from casework.vocab import AuditAction
from content.cards import render_card
from content.replies.status import StatusView, case_status_card
from dialogs.engine.case_form import FOUND, CaseFormDialog
from dialogs.engine.ids import DialogId
from dialogs.engine.replies import from_execute, replace_card, translator, with_card
from storage import repository as repo


class CaseStatusDialog(CaseFormDialog):
    def __init__(self, services: Services) -> None:
        super().__init__(DialogId.CASE_STATUS, services)

    async def finish_case(self, context: TurnContext, values: dict[str, Any]) -> Any:
        services, actor = self.services, self.actor(context)
        school, now = services.school, services.clock.now()
        case_id = int(values[FOUND])

        def read(connection: Connection) -> StatusView:
            tenant = actor.tenant_id
            case = repo.case_row(connection, tenant_id=tenant, case_id=case_id)
            last_log = repo.last_contact_date(connection, tenant_id=tenant, case_id=case_id)
            open_ = repo.open_deadline_times(connection, tenant_id=tenant, case_id=case_id)
            audit(connection, actor, AuditAction.CASE_READ, case_id, now)
            return StatusView(
                case_id=case_id,
                pupil=case.pupil_name,
                group=case.group_name,
                level=case.level,
                owner=case.owner_name,
                opened=school.day_of(case.opened_at),
                criteria=tuple(case.criteria),
                unsafe=case.unsafe_environment,
                deadlines=tuple((kind, school.local(at)) for kind, at in open_),
                last_log=last_log,
            )

        view = await services.database.run_statements(read)
        translate = translator(context)
        viewer = context.activity.from_property.id if context.activity.from_property else ""
        data = case_status_card(services.guide, view, school.local(now), translate, viewer=viewer)
        card = render_card("case_status", data)
        if from_execute(context):  # a refresh, or a press on the card: it changes where it is
            replace_card(context, card)
        else:
            await context.send_activity(with_card(card))
        return case_id


def case_status_dialog(services: Services) -> CaseStatusDialog:
    return CaseStatusDialog(services)
