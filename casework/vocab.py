"""The vocabularies of casework: one enum per kind of word, so that one string never means a
dialog id, an intent and a deadline kind at once.

Deadline kinds and criterion ids belong to the guide's data and are defined in `content`
(which imports nothing of the project); they are re-exported here so casework code has one
place to import its words from. Reminder kinds are in `reminders.kinds`, with their table.
"""

from __future__ import annotations

from enum import StrEnum

from content.models import CriterionId, DeadlineKind
from content.models import LogKindId as LogKind

__all__ = [
    "AuditAction",
    "CaseStatus",
    "CriterionId",
    "DeadlineKind",
    "DeadlineStatus",
    "LogKind",
    "MeasureStatus",
]


class AuditAction(StrEnum):
    """What an audit row records; the catalog key `case_audit.action.<value>` names it."""

    CASE_OPEN = "case.open"
    CASE_UPDATE = "case.update"
    CASE_READ = "case.read"
    CASE_LEVEL = "case.level"
    CASE_CLOSE = "case.close"
    CASE_LIST = "case.list"
    CASE_FLAG_UNSAFE = "case.flag_unsafe_environment"
    CASE_AUDIT_READ = "case.audit_read"
    CASE_REPORT_TO_LEADERSHIP = "case.report_to_leadership"
    CASE_SHARE = "case.share"
    CASE_HANDOVER = "case.handover"
    CASE_REPORTED_BY_OTHER = "case.reported_by_other"
    CASE_JOIN_REQUEST = "case.join_request"
    CASE_JOIN_DECLINE = "case.join_decline"
    MEETING_PLAN = "meeting.plan"
    MEETING_MINUTES = "meeting.minutes"
    AGREEMENT_CREATE = "agreement.create"
    AGREEMENT_READ = "agreement.read"
    AGREEMENT_EVALUATE = "agreement.evaluate"
    LOG_ADD = "log.add"
    DEADLINE_POSTPONE = "deadline.postpone"
    DEADLINE_COMPLETE = "deadline.complete"
    LEADER_ADD = "leader.add"
    LEADER_REMOVE = "leader.remove"
    PRIVACY_EXPORT = "privacy.export"
    PRIVACY_DELETE = "privacy.delete"
    RETENTION_PURGED = "retention.purged"
    TENANT_DENIED = "auth.tenant_denied"
    SCHOOL_JOIN_REQUEST = "school.join_request"
    SCHOOL_MEMBER_CONFIRM = "school.member_confirm"
    SCHOOL_MEMBER_DECLINE = "school.member_decline"
    MUNICIPALITY_READ = "municipality.read"
    CASE_TRANSFER_OFFER = "case.transfer_offer"
    CASE_TRANSFER_OUT = "case.transfer_out"
    CASE_TRANSFER_IN = "case.transfer_in"
    CASE_TRANSFER_DECLINE = "case.transfer_decline"
    SCHOOL_ADD = "school.add"


class MeasureStatus(StrEnum):
    """What a measure is at the 3-week evaluation (storage.models.MEASURE_STATUSES)."""

    ACTIVE = "active"
    CONTINUED = "continued"
    ADJUSTED = "adjusted"
    DONE = "done"
    DROPPED = "dropped"

    @property
    def goes_on(self) -> bool:
        return self in (MeasureStatus.ACTIVE, MeasureStatus.CONTINUED, MeasureStatus.ADJUSTED)


class CaseStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class DeadlineStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"
