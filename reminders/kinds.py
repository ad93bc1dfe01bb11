"""The reminder kinds: one row per kind of message the bot sends first.

A new kind is one row here, one planner (planning.py: who decides it is due), one renderer
(compose.py: what it says), catalog entries (reminders.po) and a migration that adds the kind to
the outbox's CHECK constraint (`storage.models.STORED_REMINDER_KINDS`); a test holds the table
and the stored kinds together.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from reminders import compose
from reminders.compose import Renderer


class ReminderKind(StrEnum):
    DUE = "due"
    OVERDUE = "overdue"
    LEADERS_OVERDUE = "leaders_overdue"
    OWNER_UNREACHABLE = "owner_unreachable"
    LEADERSHIP_REPORT = "leadership_report"
    ANNUAL_WHEEL = "annual_wheel"
    WEEKLY_DIGEST = "weekly_digest"


class Recipients(StrEnum):
    CASE_OWNER = "the case owner"
    LEADERS = "the school's leaders"
    OPTED_IN_STAFF = "staff who opted in"


@dataclass(frozen=True)
class KindSpec:
    """`case` / `deadline`: the row names one, and it must still be open when the message is
    composed (or the row is dropped). `to_owner`: when the recipient cannot be reached, the
    leaders are told instead (`owner_unreachable`)."""

    planned_by: str
    recipients: Recipients
    render: Renderer
    case: bool = False
    deadline: bool = False
    to_owner: bool = False


KINDS: dict[ReminderKind, KindSpec] = {
    ReminderKind.DUE: KindSpec(
        "planning.plan_deadlines: the due day's morning",
        Recipients.CASE_OWNER,
        compose.reminder_card,
        case=True,
        deadline=True,
        to_owner=True,
    ),
    ReminderKind.OVERDUE: KindSpec(
        "planning.plan_deadlines: each school morning after, twice",
        Recipients.CASE_OWNER,
        compose.reminder_card,
        case=True,
        deadline=True,
        to_owner=True,
    ),
    ReminderKind.LEADERS_OVERDUE: KindSpec(
        "planning.plan_deadlines: two school days late, once",
        Recipients.LEADERS,
        compose.reminder_card,
        case=True,
        deadline=True,
    ),
    ReminderKind.OWNER_UNREACHABLE: KindSpec(
        "planning.tell_leaders_owner_unreachable: at delivery, the owner removed the app",
        Recipients.LEADERS,
        compose.owner_unreachable,
        case=True,
        deadline=True,
    ),
    ReminderKind.LEADERSHIP_REPORT: KindSpec(
        "planning.plan_leadership_report: level 2's report, when the teacher sends it",
        Recipients.LEADERS,
        compose.leadership_report,
        case=True,
    ),
    ReminderKind.ANNUAL_WHEEL: KindSpec(
        "planning.plan_annual_wheel: each month's first school day",
        Recipients.OPTED_IN_STAFF,
        compose.annual_wheel,
    ),
    ReminderKind.WEEKLY_DIGEST: KindSpec(
        "planning.plan_digest: the week's first school day",
        Recipients.LEADERS,
        compose.weekly_digest,
    ),
}
