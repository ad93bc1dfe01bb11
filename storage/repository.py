"""One import for callers: `from storage import repository as repo; repo.open_case(session, ...)`.

Functions take the session first and keyword-only arguments, do one thing, and never commit: the
`Database.run` call around them owns the transaction.
"""

from storage.audit import audit_events, record_audit
from storage.case_search import (
    CaseRow,
    cases_of,
    count_cases_by_level,
    find_cases_by_pupil,
    list_cases,
)
from storage.cases import (
    add_member,
    case_row,
    close_case,
    continue_case,
    ensure_case,
    find_open_case,
    get_case,
    is_member,
    members,
    normalize_group,
    open_case,
    require_case,
    set_level,
)
from storage.deadlines import (
    add_deadline,
    cancel_open_deadlines,
    claim_due_deadlines,
    complete_deadline,
    complete_deadlines_of_kinds,
    get_deadline,
    next_deadline,
    open_deadline_times,
    open_deadlines,
    postpone_reminder,
    set_next_reminder,
)
from storage.deliveries import forget_processed_activities, mark_activity_processed
from storage.logs import add_log_entry, last_contact_date, log_entries
from storage.measures import (
    GoalInput,
    add_cooperation_agreement,
    add_measure,
    agreement_goals,
    measures,
)
from storage.references import (
    annual_wheel_recipients,
    get_conversation_reference,
    installed_references,
    mark_uninstalled,
    reference_data,
    save_conversation_reference,
    set_annual_wheel_opt_in,
)
from storage.retention import (
    delete_pupil_records,
    expired_case_tenants,
    export_pupil_records,
    purge_closed_cases,
)

__all__ = [
    "CaseRow",
    "GoalInput",
    "add_cooperation_agreement",
    "add_deadline",
    "add_log_entry",
    "add_measure",
    "add_member",
    "agreement_goals",
    "annual_wheel_recipients",
    "audit_events",
    "cancel_open_deadlines",
    "case_row",
    "cases_of",
    "claim_due_deadlines",
    "close_case",
    "complete_deadline",
    "complete_deadlines_of_kinds",
    "continue_case",
    "count_cases_by_level",
    "delete_pupil_records",
    "ensure_case",
    "expired_case_tenants",
    "export_pupil_records",
    "find_cases_by_pupil",
    "find_open_case",
    "forget_processed_activities",
    "get_case",
    "get_conversation_reference",
    "get_deadline",
    "installed_references",
    "is_member",
    "last_contact_date",
    "list_cases",
    "log_entries",
    "mark_activity_processed",
    "mark_uninstalled",
    "measures",
    "members",
    "next_deadline",
    "normalize_group",
    "open_case",
    "open_deadline_times",
    "open_deadlines",
    "postpone_reminder",
    "purge_closed_cases",
    "record_audit",
    "reference_data",
    "require_case",
    "save_conversation_reference",
    "set_annual_wheel_opt_in",
    "set_level",
    "set_next_reminder",
]
