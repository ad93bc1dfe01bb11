"""Which conversation answers which intent, and the root dialog built with all of them."""

from __future__ import annotations

from typing import Any

from botbuilder.core import TurnContext
from botbuilder.dialogs import DialogContext, DialogTurnResult

from dialogs import ids
from dialogs.actor import resolve_actor
from dialogs.annual_wheel import annual_wheel_dialog
from dialogs.case_audit import case_audit_dialog
from dialogs.case_status import case_status_dialog
from dialogs.close_case import close_case_dialog
from dialogs.escalate import escalate_dialog
from dialogs.evaluate import evaluate_dialog
from dialogs.help import greeting_dialog, help_dialog
from dialogs.ladder import explain_ladder_dialog
from dialogs.leaders import manage_leaders_dialog
from dialogs.leadership_report import (
    REPORT_TO_LEADERSHIP,
    ButtonPhrases,
    report_to_leadership_dialog,
)
from dialogs.list_cases import list_cases_dialog
from dialogs.log_contact import log_contact_dialog
from dialogs.privacy_delete import DELETE_RECORDS, delete_records_dialog
from dialogs.privacy_requests import EXPORT_RECORDS, export_records_dialog
from dialogs.procedure import explain_procedure_dialog
from dialogs.reminders import (
    COMPLETE_DEADLINE,
    POSTPONE_REMINDER,
    complete_deadline_dialog,
    postpone_reminder_dialog,
)
from dialogs.report import report_dialog
from dialogs.root import RootDialog
from dialogs.services import Services
from dialogs.templates import show_template_dialog

ROUTES: dict[str, str] = {
    "help": ids.HELP,
    "greeting": ids.GREETING,
    "explain_ladder": ids.EXPLAIN_LADDER,
    "explain_procedure": ids.EXPLAIN_PROCEDURE,
    "show_template": ids.SHOW_TEMPLATE,
    "annual_wheel": ids.ANNUAL_WHEEL,
    "report_absence": ids.REPORT,
    "report_late": ids.REPORT,
    "report_leaving": ids.REPORT,
    "report_wellbeing": ids.REPORT,
    "log_contact": ids.LOG_CONTACT,
    "escalate": ids.ESCALATE,
    "evaluate": ids.EVALUATE,
    "case_status": ids.CASE_STATUS,
    "close_case": ids.CLOSE_CASE,
    "list_cases": ids.LIST_CASES,
    "manage_leaders": ids.MANAGE_LEADERS,
    "case_audit": ids.CASE_AUDIT,
    "postpone_reminder": POSTPONE_REMINDER,
    "complete_deadline": COMPLETE_DEADLINE,
    "report_to_leadership": REPORT_TO_LEADERSHIP,
    "export_records": EXPORT_RECORDS,
    "delete_records": DELETE_RECORDS,
}


class AccessRootDialog(RootDialog):
    """Decides who the user is (and whether a leader) before any conversation runs a step."""

    def __init__(self, services: Services, *args: Any) -> None:
        super().__init__(*args)
        self._services = services

    async def _resolve(self, context: TurnContext) -> None:
        await resolve_actor(context, self._services)

    async def begin_dialog(
        self, dialog_context: DialogContext, options: object = None
    ) -> DialogTurnResult:
        await self._resolve(dialog_context.context)
        return await super().begin_dialog(dialog_context, options)

    async def continue_dialog(self, dialog_context: DialogContext) -> DialogTurnResult:
        await self._resolve(dialog_context.context)
        return await super().continue_dialog(dialog_context)


def build_root_dialog(services: Services) -> RootDialog:
    dialogs = [
        help_dialog(),
        greeting_dialog(),
        explain_ladder_dialog(services),
        explain_procedure_dialog(services),
        show_template_dialog(services),
        annual_wheel_dialog(services),
        report_dialog(services),
        log_contact_dialog(services),
        escalate_dialog(services),
        evaluate_dialog(services),
        case_status_dialog(services),
        close_case_dialog(services),
        list_cases_dialog(services),
        manage_leaders_dialog(services),
        case_audit_dialog(services),
        postpone_reminder_dialog(services),
        complete_deadline_dialog(services),
        report_to_leadership_dialog(services),
        export_records_dialog(services),
        delete_records_dialog(services),
    ]
    recognizer = ButtonPhrases(services.recognizer)
    return AccessRootDialog(services, recognizer, ROUTES, dialogs)
