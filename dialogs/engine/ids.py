"""Dialog ids. They live in stored conversation state: never rename one that has shipped (a
conversation in progress would lose its place; the bot then starts over with a short note,
see `dialogs.engine.root`); add a new id instead.

Dialog ids are a vocabulary of their own, apart from the intents (`content.intents.Intent`) that
route to them and from deadline kinds: several ids share an intent's spelling for historical
reasons, but code never uses one for the other.
"""

from enum import StrEnum

ROOT = "root"
ROUTE = "root.route"
CLARIFY = "root.clarify"


class DialogId(StrEnum):
    HELP = "help"
    MY_AGENDA = "my_agenda"
    SET_LANGUAGE = "set_language"
    GREETING = "greeting"
    EXPLAIN_LADDER = "explain_ladder"
    EXPLAIN_PROCEDURE = "explain_procedure"
    SHOW_TEMPLATE = "show_template"
    ANNUAL_WHEEL = "annual_wheel"
    REPORT = "report"
    ABSENCE_IMPORT = "absence_import"
    LOG_CONTACT = "log_contact"
    ESCALATE = "escalate"
    EVALUATE = "evaluate"
    CASE_STATUS = "case_status"
    EXPLAIN_CASE = "explain_case"
    CLOSE_CASE = "close_case"
    LIST_CASES = "list_cases"
    MANAGE_LEADERS = "manage_leaders"
    CASE_AUDIT = "case_audit"
    POSTPONE_REMINDER = "reminder.postpone"
    COMPLETE_DEADLINE = "reminder.complete"
    LEADERSHIP_REPORT = "leadership_report"
    EXPORT_RECORDS = "export_records"
    DELETE_RECORDS = "delete_records"
    PLAN_MEETING = "meeting.plan"
    MEETING_MINUTES = "meeting.minutes"
    EVALUATE_AGREEMENT = "agreement.evaluate"
    SHOW_AGREEMENT = "agreement.show"
    SHARE_CASE = "case.share"
    HANDOVER_CASE = "case.handover"
    REQUEST_JOIN = "case.request_join"
    ANSWER_JOIN = "case.answer_join"
    CONCLUDE_NOT_CONCERNING = "conclude_not_concerning"
