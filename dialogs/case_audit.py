"""Who has seen or changed a pupil's case: the audit trail, for leaders.

The guide asks schools to keep pupil information to those who need it (2.8, documentation);
leaders answer for that, so they can ask `hvem har sett saken til Ole`.
Entry: intent `case_audit` (slots `pupil`, `group` when several pupils share the name) or a
button with `case_id`. Only leaders; staff are told so and nothing is read.
Outcome: the latest events of the case, newest first (when, who, what), and this reading is
itself audited as `case.audit_read`.
"""

from __future__ import annotations

from typing import Any

from botbuilder.core import TurnContext
from sqlmodel import Session

from casework.audit import audit
from casework.services import Services
from casework.vocab import AuditAction
from content.i18n import MissingMessage, Translator
from dialogs.engine.case_form import FOUND, CaseFormDialog
from dialogs.engine.ids import DialogId
from dialogs.engine.replies import leader_or_refuse, say, translator
from storage import leaders as leader_repo
from storage import repository as repo
from storage.models import AuditEvent

SHOWN = 20


class CaseAuditDialog(CaseFormDialog):
    def __init__(self, services: Services) -> None:
        super().__init__(DialogId.CASE_AUDIT, services)

    async def prepare(self, context: TurnContext, values: dict[str, Any]) -> bool:
        if not await super().prepare(context, values):
            return False
        leader = await leader_or_refuse(context, self.actor(context), "case_audit.only_leaders")
        return leader is not None

    async def finish_case(self, context: TurnContext, values: dict[str, Any]) -> Any:
        services, actor = self.services, self.actor(context)
        now, case_id = services.clock.now(), int(values[FOUND])

        def read(session: Session) -> tuple[list[AuditEvent], dict[str, str]]:
            case = repo.require_case(session, tenant_id=actor.tenant_id, case_id=case_id)
            events = repo.audit_events(
                session, tenant_id=actor.tenant_id, case_id=case_id, limit=SHOWN
            )
            names = leader_repo.display_names(
                session, tenant_id=actor.tenant_id, aad_ids=[e.actor_aad_id for e in events]
            )
            names.setdefault(case.owner_aad_id, case.owner_name)
            audit(session, actor, AuditAction.CASE_AUDIT_READ, case_id, now)
            return events, names

        events, names = await services.database.run(read)
        translate = translator(context)
        lines = [self._line(translate, event, names) for event in events]
        title = translate("case_audit.title", pupil=values["pupil"], group=values["group"])
        await say(context, "\n".join([title, *lines]) if lines else translate("case_audit.empty"))
        return case_id

    def _line(self, translate: Translator, event: AuditEvent, names: dict[str, str]) -> str:
        moment = self.services.school.local(event.at)
        try:
            what = translate(f"case_audit.action.{event.action}")
        except MissingMessage:
            what = translate("case_audit.action.other", action=event.action)
        return translate(
            "case_audit.line",
            day=translate.short_day(moment.date()),
            time=translate.clock(moment.time()),
            who=names.get(event.actor_aad_id) or translate("case_audit.unknown_person"),
            what=what,
        )


def case_audit_dialog(services: Services) -> CaseAuditDialog:
    return CaseAuditDialog(services)
