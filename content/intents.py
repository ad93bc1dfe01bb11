"""The recognizer's intents as one vocabulary: what a typed message or a button asks for.

Card buttons carry `{"intent": ...}` so they reach the same conversations as typed text;
anything that writes such a payload names the intent from here. The recognizer's own table
(content.nlu.INTENTS) must hold exactly these (tests/content/test_vocabularies.py).
"""

from enum import StrEnum


class Intent(StrEnum):
    REPORT_ABSENCE = "report_absence"
    REPORT_LATE = "report_late"
    REPORT_LEAVING = "report_leaving"
    REPORT_WELLBEING = "report_wellbeing"
    SHOW_TEMPLATE = "show_template"
    EXPLAIN_LADDER = "explain_ladder"
    EXPLAIN_PROCEDURE = "explain_procedure"
    LIST_CASES = "list_cases"
    CASE_STATUS = "case_status"
    # «Hvorfor Ole?» under a new case (a button), or «hvorfor?» typed after it.
    EXPLAIN_CASE = "explain_case"
    ESCALATE = "escalate"
    LOG_CONTACT = "log_contact"
    EVALUATE = "evaluate"
    CLOSE_CASE = "close_case"
    CONCLUDE_NOT_CONCERNING = "conclude_not_concerning"
    ANNUAL_WHEEL = "annual_wheel"
    MANAGE_LEADERS = "manage_leaders"
    CASE_AUDIT = "case_audit"
    EXPORT_RECORDS = "export_records"
    DELETE_RECORDS = "delete_records"
    ATTENDANCE_MEETING = "attendance_meeting"
    MEETING_MINUTES = "meeting_minutes"
    SHOW_AGREEMENT = "show_agreement"
    SHARE_CASE = "share_case"
    HANDOVER_CASE = "handover_case"
    REQUEST_JOIN = "request_join"
    MY_AGENDA = "my_agenda"
    SET_LANGUAGE = "set_language"
    ABSENCE_IMPORT = "absence_import"  # rows of an absence export pasted into the chat
    HELP = "help"
    GREETING = "greeting"
    CANCEL = "cancel"
    UNKNOWN = "unknown"
    # Buttons only: no message is recognised as these, a card or reply button sends them.
    POSTPONE_REMINDER = "postpone_reminder"
    COMPLETE_DEADLINE = "complete_deadline"
    REPORT_TO_LEADERSHIP = "report_to_leadership"
    EVALUATE_AGREEMENT = "evaluate_agreement"
    ANSWER_JOIN = "answer_join"


BUTTON_ONLY = frozenset(
    {
        Intent.POSTPONE_REMINDER,
        Intent.COMPLETE_DEADLINE,
        Intent.REPORT_TO_LEADERSHIP,
        Intent.EVALUATE_AGREEMENT,
        Intent.ANSWER_JOIN,
    }
)
