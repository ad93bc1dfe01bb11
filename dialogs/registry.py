"""The one registry of conversations: each conversation and the intents that start it.

The root dialog's routes are built from this table, so a route can only point at a dialog that
is registered, and a test checks that every intent the recognizer or a button can produce is
either routed here or answered by the root itself (`cancel`, `unknown`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from botbuilder.dialogs import Dialog

from casework.services import Services
from content.intents import Intent
from dialogs.absence_import import absence_import_dialog
from dialogs.annual_wheel import annual_wheel_dialog
from dialogs.case_audit import case_audit_dialog
from dialogs.case_status import case_status_dialog
from dialogs.close_case import close_case_dialog
from dialogs.conclude import conclude_not_concerning_dialog
from dialogs.engine.clarify import TitledRecognizer
from dialogs.engine.payload import PayloadCheck
from dialogs.engine.phrases import ButtonPhrases
from dialogs.engine.root import RootDialog
from dialogs.escalate import escalate_dialog
from dialogs.evaluate import evaluate_dialog
from dialogs.evaluate_agreement import evaluate_agreement_dialog
from dialogs.explain_case import explain_case_dialog
from dialogs.help import greeting_dialog, help_dialog
from dialogs.join_case import answer_join_dialog, request_join_dialog
from dialogs.ladder import explain_ladder_dialog
from dialogs.leadership_report import report_to_leadership_dialog
from dialogs.list_cases import list_cases_dialog
from dialogs.log_contact import log_contact_dialog
from dialogs.manage_leaders import manage_leaders_dialog
from dialogs.meeting_minutes import meeting_minutes_dialog
from dialogs.meeting_plan import plan_meeting_dialog
from dialogs.my_agenda import my_agenda_dialog
from dialogs.privacy_delete import delete_records_dialog
from dialogs.privacy_export import export_records_dialog
from dialogs.procedure import explain_procedure_dialog
from dialogs.reminder_actions import complete_deadline_dialog, postpone_reminder_dialog
from dialogs.report import report_dialog
from dialogs.set_language import set_language_dialog
from dialogs.share_case import handover_case_dialog, share_case_dialog
from dialogs.show_agreement import show_agreement_dialog
from dialogs.templates import show_template_dialog

# Answered by the root dialog itself, never routed.
ROOT_INTENTS = frozenset({Intent.CANCEL, Intent.UNKNOWN})


@dataclass(frozen=True)
class Conversation:
    build: Callable[[Services], Dialog]
    intents: tuple[Intent, ...]


CONVERSATIONS: tuple[Conversation, ...] = (
    Conversation(help_dialog, (Intent.HELP,)),
    Conversation(my_agenda_dialog, (Intent.MY_AGENDA,)),
    Conversation(greeting_dialog, (Intent.GREETING,)),
    Conversation(explain_ladder_dialog, (Intent.EXPLAIN_LADDER,)),
    Conversation(explain_procedure_dialog, (Intent.EXPLAIN_PROCEDURE,)),
    Conversation(show_template_dialog, (Intent.SHOW_TEMPLATE,)),
    Conversation(annual_wheel_dialog, (Intent.ANNUAL_WHEEL,)),
    Conversation(set_language_dialog, (Intent.SET_LANGUAGE,)),
    Conversation(
        report_dialog,
        (
            Intent.REPORT_ABSENCE,
            Intent.REPORT_LATE,
            Intent.REPORT_LEAVING,
            Intent.REPORT_WELLBEING,
        ),
    ),
    Conversation(log_contact_dialog, (Intent.LOG_CONTACT,)),
    Conversation(escalate_dialog, (Intent.ESCALATE,)),
    Conversation(evaluate_dialog, (Intent.EVALUATE,)),
    Conversation(case_status_dialog, (Intent.CASE_STATUS,)),
    Conversation(explain_case_dialog, (Intent.EXPLAIN_CASE,)),
    Conversation(close_case_dialog, (Intent.CLOSE_CASE,)),
    Conversation(list_cases_dialog, (Intent.LIST_CASES,)),
    Conversation(manage_leaders_dialog, (Intent.MANAGE_LEADERS,)),
    Conversation(case_audit_dialog, (Intent.CASE_AUDIT,)),
    Conversation(postpone_reminder_dialog, (Intent.POSTPONE_REMINDER,)),
    Conversation(complete_deadline_dialog, (Intent.COMPLETE_DEADLINE,)),
    Conversation(report_to_leadership_dialog, (Intent.REPORT_TO_LEADERSHIP,)),
    Conversation(export_records_dialog, (Intent.EXPORT_RECORDS,)),
    Conversation(delete_records_dialog, (Intent.DELETE_RECORDS,)),
    Conversation(plan_meeting_dialog, (Intent.ATTENDANCE_MEETING,)),
    Conversation(meeting_minutes_dialog, (Intent.MEETING_MINUTES,)),
    Conversation(show_agreement_dialog, (Intent.SHOW_AGREEMENT,)),
    Conversation(evaluate_agreement_dialog, (Intent.EVALUATE_AGREEMENT,)),
    Conversation(share_case_dialog, (Intent.SHARE_CASE,)),
    Conversation(handover_case_dialog, (Intent.HANDOVER_CASE,)),
    Conversation(request_join_dialog, (Intent.REQUEST_JOIN,)),
    Conversation(answer_join_dialog, (Intent.ANSWER_JOIN,)),
    Conversation(conclude_not_concerning_dialog, (Intent.CONCLUDE_NOT_CONCERNING,)),
    Conversation(absence_import_dialog, (Intent.ABSENCE_IMPORT,)),
)


def build_root_dialog(services: Services) -> RootDialog:
    dialogs: list[Dialog] = []
    routes: dict[str, str] = {}
    for conversation in CONVERSATIONS:
        dialog = conversation.build(services)
        dialogs.append(dialog)
        for intent in conversation.intents:
            if intent in routes:
                raise ValueError(f"intent {intent} is routed twice")
            routes[intent] = dialog.id
    # Our buttons' titles, then the leadership button's phrase, then the recognizer.
    recognizer = TitledRecognizer(ButtonPhrases(services.recognizer), services.recognizer)
    payload = PayloadCheck(services.recognizer)  # card payloads checked like typed text
    return RootDialog(recognizer, routes, dialogs, payload)
