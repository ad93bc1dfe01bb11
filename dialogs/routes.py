"""Which conversation answers which intent, and the root dialog built with all of them."""

from __future__ import annotations

from dialogs import ids
from dialogs.annual_wheel import annual_wheel_dialog
from dialogs.case_status import case_status_dialog
from dialogs.close_case import close_case_dialog
from dialogs.escalate import escalate_dialog
from dialogs.evaluate import evaluate_dialog
from dialogs.help import greeting_dialog, help_dialog
from dialogs.ladder import explain_ladder_dialog
from dialogs.list_cases import list_cases_dialog
from dialogs.log_contact import log_contact_dialog
from dialogs.procedure import explain_procedure_dialog
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
}


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
    ]
    return RootDialog(services.recognizer, ROUTES, dialogs)
