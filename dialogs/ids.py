"""Dialog ids and intent names. Dialog ids live in stored conversation state: never rename one
that has shipped (a conversation in progress would break); add a new id instead."""

ROOT = "root"
ROUTE = "root.route"

HELP = "help"
EXPLAIN_LADDER = "explain_ladder"
EXPLAIN_PROCEDURE = "explain_procedure"
SHOW_TEMPLATE = "show_template"
ANNUAL_WHEEL = "annual_wheel"
REPORT = "report"
LOG_CONTACT = "log_contact"
ESCALATE = "escalate"
EVALUATE = "evaluate"
CASE_STATUS = "case_status"
CLOSE_CASE = "close_case"
LIST_CASES = "list_cases"
MANAGE_LEADERS = "manage_leaders"
CASE_AUDIT = "case_audit"

# Intents the recognizer returns that are not dialogs of their own.
CANCEL = "cancel"
GREETING = "greeting"
UNKNOWN = "unknown"
