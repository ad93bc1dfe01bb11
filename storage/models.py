"""The tables. English names; Norwegian only ever appears in the values users typed.

Families follow one pattern where a table has one: `XBase` holds the fields a caller supplies,
`X(table=True)` adds keys and bookkeeping. The words stored in status and kind columns are the
vocabularies of `casework.vocab` and `reminders.kinds`; the CHECK constraints here spell them as
the migrations wrote them.
All times are aware UTC (`UtcDateTime`); dates without time (contact date, evaluate on) are dates.
"""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Column, Index, Text, UniqueConstraint, event, text
from sqlmodel import Field, SQLModel

from storage.columns import UtcDateTime
from storage.errors import AppendOnlyViolation

SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

MAX_LEVEL = 3


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


def utc_column(*, nullable: bool = False, index: bool = False) -> Any:
    return Field(sa_column=Column(UtcDateTime(), nullable=nullable, index=index))


class BotState(SQLModel, table=True):
    __tablename__ = "bot_state"

    key: str = Field(primary_key=True, max_length=255)
    document: str = Field(sa_column=Column(Text, nullable=False))
    etag: str = Field(max_length=64)
    updated_at: datetime = utc_column()


class ConversationReference(SQLModel, table=True):
    """Where to reach one user proactively; kept across restarts, unlike the samples' dict."""

    __tablename__ = "conversation_reference"

    tenant_id: str = Field(primary_key=True, max_length=64)
    user_aad_id: str = Field(primary_key=True, max_length=64)
    reference: str = Field(sa_column=Column(Text, nullable=False))
    locale: str = Field(max_length=16)
    display_name: str = Field(max_length=255)
    upn: str | None = Field(default=None, max_length=255)
    installed: bool = True
    uninstalled_at: datetime | None = utc_column(nullable=True)
    annual_wheel_opt_in: bool = False
    updated_at: datetime = utc_column()


class CaseBase(SQLModel):
    tenant_id: str = Field(max_length=64)
    pupil_name: str = Field(max_length=100)
    group_name: str = Field(max_length=20)
    owner_aad_id: str = Field(max_length=64)
    owner_name: str = Field(max_length=255)
    level: int = Field(default=0, ge=0, le=MAX_LEVEL)
    unsafe_environment: bool = False
    # "hun" or "han" as the teacher wrote or chose it, for the 2.3 message home; None: unknown.
    pronoun: str | None = Field(default=None, max_length=10)


class Case(CaseBase, table=True):
    __tablename__ = "case"
    __table_args__ = (
        CheckConstraint(f"level BETWEEN 0 AND {MAX_LEVEL}", name="level_range"),
        CheckConstraint("status IN ('open', 'closed')", name="status_values"),
        Index("ix_case_tenant_status_level", "tenant_id", "status", "level"),
        Index("ix_case_tenant_owner_status", "tenant_id", "owner_aad_id", "status"),
        Index("ix_case_tenant_status_group", "tenant_id", "status", "group_name"),
        # At most one open case per pupil of a school: the database decides who was first when
        # two reports of the same pupil race (a school column joins the key with issue 20).
        Index(
            "uq_case_open_pupil",
            "tenant_id",
            "group_name",
            "pupil_key",
            unique=True,
            sqlite_where=text("status = 'open'"),
            postgresql_where=text("status = 'open'"),
        ),
        Index("ix_case_tenant_pupil_key", "tenant_id", "pupil_key"),
    )

    id: int | None = Field(default=None, primary_key=True)
    # The first name casefolded in Python (`storage.cases.pupil_key`): SQLite's lower() folds
    # ASCII only, so «Øyvind» and «øyvind» would differ there.
    pupil_key: str = Field(default="", max_length=100)
    status: str = Field(default="open", max_length=10)
    criteria: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # The 2.7 mapping for the leadership report (issue 14): {"items": [ids]} or {"skipped": why}.
    vulnerability: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    opened_at: datetime = utc_column()
    closed_at: datetime | None = utc_column(nullable=True)
    updated_at: datetime = utc_column()


class CaseMember(SQLModel, table=True):
    """A co-responsible member of staff; the owner is on the case itself."""

    __tablename__ = "case_member"

    case_id: int = Field(foreign_key="case.id", primary_key=True)
    aad_object_id: str = Field(primary_key=True, max_length=64)
    display_name: str = Field(max_length=255)


class JoinRequest(SQLModel, table=True):
    """A colleague who reported a pupil whose case they cannot see, asking to join it; the case
    owner (or a leader) accepts or declines."""

    __tablename__ = "case_join_request"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'accepted', 'declined')", name="status_values"),
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    tenant_id: str = Field(max_length=64)
    requester_aad_id: str = Field(max_length=64)
    requester_name: str = Field(max_length=255)
    status: str = Field(default="pending", max_length=10)
    created_at: datetime = utc_column()
    decided_by: str | None = Field(default=None, max_length=64)
    decided_at: datetime | None = utc_column(nullable=True)


class LogEntryBase(SQLModel):
    """The seven fields the guide (2.8) asks every absence or pupil log to record."""

    kind: str = Field(max_length=20)
    pupil_name: str = Field(max_length=100)
    contact_date: date
    reason: str = Field(sa_column=Column(Text, nullable=False))
    guardians_view: str = Field(sa_column=Column(Text, nullable=False))
    next_steps: str = Field(sa_column=Column(Text, nullable=False))
    level: int = Field(ge=0, le=MAX_LEVEL)
    author: str = Field(max_length=255)
    author_aad_id: str = Field(max_length=64)


class LogEntry(LogEntryBase, table=True):
    __tablename__ = "log_entry"
    __table_args__ = (
        CheckConstraint("kind IN ('absence_log', 'pupil_log')", name="kind_values"),
        CheckConstraint(f"level BETWEEN 0 AND {MAX_LEVEL}", name="level_range"),
        Index("uq_log_entry_idempotency_key", "idempotency_key", unique=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    created_at: datetime = utc_column()
    # The user action that wrote the entry (a form's save step): a re-sent «Lagre» finds it.
    idempotency_key: str | None = Field(default=None, max_length=80)


class Deadline(SQLModel, table=True):
    __tablename__ = "deadline"
    __table_args__ = (
        CheckConstraint("status IN ('open', 'done', 'cancelled')", name="status_values"),
        Index("ix_deadline_status_remind_at", "status", "remind_at"),
        Index("ix_deadline_case_status", "case_id", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id")
    tenant_id: str = Field(max_length=64)
    kind: str = Field(max_length=40)
    due_at: datetime = utc_column()
    remind_at: datetime = utc_column()
    status: str = Field(default="open", max_length=10)
    completed_by: str | None = Field(default=None, max_length=64)
    completed_by_name: str | None = Field(default=None, max_length=255)
    completed_at: datetime | None = utc_column(nullable=True)
    created_at: datetime = utc_column()
    # A measure's evaluation is the measure owner's deadline, not the case owner's: NULL means
    # the case owner (whoever that is when the reminder is planned, so a handover moves it).
    owner_aad_id: str | None = Field(default=None, max_length=64, index=True)
    measure_id: int | None = None


# What became of a measure at an evaluation (guide 1.3's 3 weeks); `active` until the first.
MEASURE_STATUSES = ("active", "continued", "adjusted", "done", "dropped")


class Measure(SQLModel, table=True):
    """A measure agreed for a case. `responsible` is the name shown; a member of staff is also
    `owner_aad_id` (who is reminded and may evaluate it), an external service `owner_role`."""

    __tablename__ = "measure"
    __table_args__ = (
        CheckConstraint(_in("status", MEASURE_STATUSES), name="status_values"),
        Index("uq_measure_idempotency_key", "idempotency_key", unique=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    description: str = Field(sa_column=Column(Text, nullable=False))
    responsible: str = Field(max_length=255)
    evaluate_on: date | None = None
    created_at: datetime = utc_column()
    idempotency_key: str | None = Field(default=None, max_length=80)
    owner_aad_id: str | None = Field(default=None, max_length=64)
    owner_role: str | None = Field(default=None, max_length=40)
    status: str = Field(default="active", max_length=15)


class CooperationAgreement(SQLModel, table=True):
    """Guide 2.6. `status` is the record's own state (draft, active, replaced); the form's
    «Status (hvordan er situasjonen i dag)» is `situation`."""

    __tablename__ = "cooperation_agreement"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    status: str = Field(default="draft", max_length=20)
    main_goal: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = utc_column()
    situation: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    evaluate_on: date | None = None
    updated_at: datetime | None = utc_column(nullable=True)


class AgreementGoal(SQLModel, table=True):
    """One sub-goal (delmål) row of 2.6; `measure_id` names the measure row it is tried with
    (a plain id: the measure and the goal leave with the case together)."""

    __tablename__ = "agreement_goal"

    id: int | None = Field(default=None, primary_key=True)
    agreement_id: int = Field(foreign_key="cooperation_agreement.id", index=True)
    goal: str = Field(sa_column=Column(Text, nullable=False))
    responsible: str = Field(max_length=255)
    measure: str = Field(sa_column=Column(Text, nullable=False))
    evaluate_on: date | None = None
    measure_id: int | None = None


class AttendanceMeeting(SQLModel, table=True):
    """A planned nærværsmøte (guide 2.5): when, who comes, and the school day the case owner is
    reminded. What was said is written as an elevlogg entry, not here."""

    __tablename__ = "attendance_meeting"
    __table_args__ = (
        CheckConstraint("status IN ('planned', 'held', 'cancelled')", name="status_values"),
        Index("ix_attendance_meeting_status_remind_on", "status", "remind_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    tenant_id: str = Field(max_length=64)
    starts_at: datetime = utc_column()
    remind_on: date
    attendees: str = Field(sa_column=Column(Text, nullable=False))
    status: str = Field(default="planned", max_length=10)
    planned_by: str = Field(max_length=64)
    created_at: datetime = utc_column()
    held_at: datetime | None = utc_column(nullable=True)


class AuditEvent(SQLModel, table=True):
    """Who did what to which case; ids only, never pupil text."""

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_tenant_at", "tenant_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = utc_column()
    tenant_id: str = Field(max_length=64)
    actor_aad_id: str = Field(max_length=64)
    action: str = Field(max_length=64)
    case_id: int | None = Field(default=None, index=True)
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class ProcessedActivity(SQLModel, table=True):
    """Activities already handled, so a delivery Teams retries is not acted on twice."""

    __tablename__ = "processed_activity"

    conversation_id: str = Field(primary_key=True, max_length=255)
    activity_id: str = Field(primary_key=True, max_length=255)
    processed_at: datetime = utc_column(index=True)


def _refuse_update(_mapper: Any, _connection: Any, target: SQLModel) -> None:
    raise AppendOnlyViolation(f"{type(target).__name__} rows are append-only")


for _append_only in (LogEntry, AuditEvent):
    event.listen(_append_only, "before_update", _refuse_update)


class Leader(SQLModel, table=True):
    """A leader (rektor, inspektør, avdelingsleder) of one tenant.

    `configured` rows mirror the settings for users who have been seen (an aad id in the
    settings, or a UPN resolved to an aad id); `chat` rows were added by a leader in chat. A row
    added by UPN waits with no aad id until that user first talks to the bot.
    """

    __tablename__ = "leader"
    __table_args__ = (
        CheckConstraint("source IN ('configured', 'chat')", name="source_values"),
        CheckConstraint("aad_object_id IS NOT NULL OR upn IS NOT NULL", name="identified"),
        Index("uq_leader_tenant_aad_object_id", "tenant_id", "aad_object_id", unique=True),
        Index("uq_leader_tenant_upn", "tenant_id", "upn", unique=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    tenant_id: str = Field(max_length=64)
    aad_object_id: str | None = Field(default=None, max_length=64)
    upn: str | None = Field(default=None, max_length=255)
    display_name: str = Field(default="", max_length=255)
    source: str = Field(max_length=16)
    added_by: str | None = Field(default=None, max_length=64)
    added_at: datetime = utc_column()


class UserProfile(SQLModel, table=True):
    """Who an aad id is: the name Teams sent and, once looked up, the user's UPN.

    The UPN is only asked of Teams when some leader is known by UPN, and then once per user:
    `upn_checked_at` is set even when Teams had no UPN, so the lookup is not repeated every turn.
    """

    __tablename__ = "user_profile"
    __table_args__ = (Index("ix_user_profile_tenant_upn", "tenant_id", "upn"),)

    tenant_id: str = Field(primary_key=True, max_length=64)
    aad_object_id: str = Field(primary_key=True, max_length=64)
    display_name: str = Field(max_length=255)
    upn: str | None = Field(default=None, max_length=255)
    upn_checked_at: datetime | None = utc_column(nullable=True)
    updated_at: datetime = utc_column()
    # The language the user asked for («snakk nynorsk»): nb, nn or en; none = the school's.
    language: str | None = Field(default=None, max_length=8)


# The kinds the outbox's CHECK constraint allows, as the migrations wrote it. The table of kinds
# (reminders/kinds.py) must name exactly these: a new kind needs a migration too.
STORED_REMINDER_KINDS = (
    "due",
    "overdue",
    "leaders_overdue",
    "owner_unreachable",
    "leadership_report",
    "annual_wheel",
    "weekly_digest",
    "meeting_tomorrow",
    "join_request",
    "join_answer",
    "municipality_digest",
)


class Reminder(SQLModel, table=True):
    """One proactive message to one person, written down before it is sent (an outbox).

    The unique key makes it exactly-once: two scheduler loops that both decide that a deadline
    needs today's reminder insert the same key, and the second insert does nothing. `deadline_id`
    and `case_id` are 0 when the message is not about one (annual wheel, digest), because NULLs
    never collide in a unique key. No foreign keys: retention deletes a closed case's deadlines,
    and a reminder about them is then found "dropped" at delivery. Ids only, never pupil text:
    the message is rendered when it is sent.
    """

    __tablename__ = "reminder"
    __table_args__ = (
        UniqueConstraint(
            "kind",
            "tenant_id",
            "recipient_aad_id",
            "day",
            "deadline_id",
            "case_id",
            name="uq_reminder_key",
        ),
        CheckConstraint(_in("kind", STORED_REMINDER_KINDS), name="kind_values"),
        CheckConstraint(
            "status IN ('pending', 'sent', 'undeliverable', 'dropped')", name="status_values"
        ),
        Index("ix_reminder_status_next_attempt_at", "status", "next_attempt_at"),
        Index("ix_reminder_kind_day", "kind", "day"),
    )

    id: int | None = Field(default=None, primary_key=True)
    tenant_id: str = Field(max_length=64)
    kind: str = Field(max_length=20)
    recipient_aad_id: str = Field(max_length=64)
    day: date
    deadline_id: int = 0
    case_id: int = 0
    status: str = Field(default="pending", max_length=15)
    attempts: int = 0
    next_attempt_at: datetime = utc_column()
    claimed_until: datetime | None = utc_column(nullable=True)
    sent_at: datetime | None = utc_column(nullable=True)
    activity_id: str | None = Field(default=None, max_length=255)
    last_error: str | None = Field(default=None, max_length=64)
    created_at: datetime = utc_column()


class TurnLease(SQLModel, table=True):
    """Who is running a turn of a conversation now: with several bot instances behind a load
    balancer, a conversation's turns run one at a time across all of them. `expires_at` frees
    the lease of an instance that died mid-turn."""

    __tablename__ = "turn_lease"

    key: str = Field(primary_key=True, max_length=255)
    holder: str = Field(max_length=64)
    expires_at: datetime = utc_column()


class School(SQLModel, table=True):
    """A school inside a Teams tenant (issue 20). `scope` is the key every school-owned row
    carries in its `tenant_id` column: the bare tenant id for the tenant's default school (so
    data from before schools existed belongs to it unchanged), `<tenant>#<school id>` for a
    configured school."""

    __tablename__ = "school"

    tenant_id: str = Field(primary_key=True, max_length=64)
    school_id: str = Field(primary_key=True, max_length=27)
    scope: str = Field(max_length=64, unique=True)
    name: str = Field(max_length=255)
    created_at: datetime = utc_column()
    # Who added the school in chat (the municipality administrator); None: from the file.
    added_by: str | None = Field(default=None, max_length=64)


class SchoolMember(SQLModel, table=True):
    """A member of staff placed at a school by a leader's confirmation (or waiting for it);
    members from the configured staff patterns and leader lists are not stored. `current`
    marks the school a teacher at two schools chose to work in now."""

    __tablename__ = "school_member"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'confirmed')", name="status_values"),
        Index("ix_school_member_school_status", "tenant_id", "school_id", "status"),
    )

    tenant_id: str = Field(primary_key=True, max_length=64)
    aad_object_id: str = Field(primary_key=True, max_length=64)
    school_id: str = Field(primary_key=True, max_length=27)
    display_name: str = Field(default="", max_length=255)
    status: str = Field(default="pending", max_length=10)
    confirmed_by: str | None = Field(default=None, max_length=64)
    updated_at: datetime = utc_column()


class SchoolChoice(SQLModel, table=True):
    """The school a member of several schools works in now (chosen on a card)."""

    __tablename__ = "school_choice"

    tenant_id: str = Field(primary_key=True, max_length=64)
    aad_object_id: str = Field(primary_key=True, max_length=64)
    school_id: str = Field(max_length=27)
    updated_at: datetime = utc_column()


# A pupil who changes school (issue 20): offered by a leader of the school the case is in,
# accepted or declined by a leader of the receiving school.
TRANSFER_STATUSES = ("offered", "accepted", "declined")


class CaseTransfer(SQLModel, table=True):
    """A case offered to another school of the tenant. Ids and scopes only, never pupil text."""

    __tablename__ = "case_transfer"
    __table_args__ = (
        CheckConstraint(_in("status", TRANSFER_STATUSES), name="status_values"),
        Index("ix_case_transfer_to_status", "to_scope", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    from_scope: str = Field(max_length=64)
    to_scope: str = Field(max_length=64)
    status: str = Field(default="offered", max_length=10)
    offered_by: str = Field(max_length=64)
    offered_at: datetime = utc_column()
    decided_by: str | None = Field(default=None, max_length=64)
    decided_at: datetime | None = utc_column(nullable=True)
