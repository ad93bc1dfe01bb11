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
    MEETING_TOMORROW = "meeting_tomorrow"
    JOIN_REQUEST = "join_request"
    JOIN_ANSWER = "join_answer"
    MUNICIPALITY_DIGEST = "municipality_digest"


class Recipients(StrEnum):
    CASE_OWNER = "the case owner"
    LEADERS = "the school's leaders"
    OPTED_IN_STAFF = "staff who opted in"
    REQUESTER = "the colleague who asked to join a case"
    MUNICIPALITY = "the municipality role (counts only)"


class About(StrEnum):
    """What a row names; when it is composed, that must still be open (or the row is dropped)."""

    DEADLINE = "a deadline of an open case"
    CASE = "an open case"
    NOTHING = "nothing in particular"


@dataclass(frozen=True)
class KindSpec:
    planned_by: str
    recipients: Recipients
    render: Renderer
    about: About

    @property
    def to_owner(self) -> bool:
        """When the owner cannot be reached, the leaders are told instead (owner_unreachable)."""
        return self.recipients is Recipients.CASE_OWNER


DEADLINE_SWEEP = "planning.plan_deadlines"
KINDS: dict[ReminderKind, KindSpec] = {
    ReminderKind.DUE: KindSpec(
        f"{DEADLINE_SWEEP}: the due day's morning",
        Recipients.CASE_OWNER,
        compose.reminder_card,
        About.DEADLINE,
    ),
    ReminderKind.OVERDUE: KindSpec(
        f"{DEADLINE_SWEEP}: the next two school mornings",
        Recipients.CASE_OWNER,
        compose.reminder_card,
        About.DEADLINE,
    ),
    ReminderKind.LEADERS_OVERDUE: KindSpec(
        f"{DEADLINE_SWEEP}: two school days late, once",
        Recipients.LEADERS,
        compose.reminder_card,
        About.DEADLINE,
    ),
    ReminderKind.OWNER_UNREACHABLE: KindSpec(
        "planning.tell_leaders_owner_unreachable: at delivery, when the owner removed the app",
        Recipients.LEADERS,
        compose.owner_unreachable,
        About.DEADLINE,
    ),
    ReminderKind.LEADERSHIP_REPORT: KindSpec(
        "planning.plan_leadership_report: level 2's report, when the teacher sends it",
        Recipients.LEADERS,
        compose.leadership_report,
        About.CASE,
    ),
    ReminderKind.ANNUAL_WHEEL: KindSpec(
        "planning.plan_annual_wheel: each month's first school day",
        Recipients.OPTED_IN_STAFF,
        compose.annual_wheel,
        About.NOTHING,
    ),
    ReminderKind.WEEKLY_DIGEST: KindSpec(
        "planning.plan_digest: the week's first school day",
        Recipients.LEADERS,
        compose.weekly_digest,
        About.NOTHING,
    ),
    ReminderKind.MEETING_TOMORROW: KindSpec(
        "planning.plan_meetings: the school morning before the attendance meeting",
        Recipients.CASE_OWNER,
        compose.meeting_tomorrow,
        About.CASE,
    ),
    # Both name the join request in `deadline_id` (a request is not a deadline; the column is
    # the outbox's one id besides the case).
    ReminderKind.JOIN_REQUEST: KindSpec(
        "planning.plan_join_request: when a colleague asks to join a case they cannot see",
        Recipients.CASE_OWNER,
        compose.join_request,
        About.CASE,
    ),
    ReminderKind.JOIN_ANSWER: KindSpec(
        "planning.plan_join_answer: when the owner accepts or declines",
        Recipients.REQUESTER,
        compose.join_answer,
        About.CASE,
    ),
    ReminderKind.MUNICIPALITY_DIGEST: KindSpec(
        "planning.plan_municipality_digest: the week's first school day",
        Recipients.MUNICIPALITY,
        compose.municipality_digest,
        About.NOTHING,
    ),
}
