"""Due deadlines written straight through the repository, for the reminder benchmark and tests.

Each person gets the conversation reference the middleware in `bot/references.py` would have
stored from one of their messages, pointing at the given connector, so any scheduler on the
database can deliver to them; and `per_person` open deadlines due and to be reminded of at `now`
(five kinds to a case, a case per five), so one person's reminders are distinct outbox keys.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.schema import Activity
from sqlmodel import Session

from devkit.local_channel import LocalChannel, User
from storage import repository as repo
from storage.db import Database

KINDS = (
    "contact_guardians",
    "ask_other_code_cause",
    "evaluate_measures",
    "start_interdisciplinary",
    "next_contact",
)


def reference_for(connector: LocalChannel, user: User) -> dict[str, Any]:
    """The shape `bot.references.reference_of` stores: the reference without the activity id."""
    activity = Activity().deserialize(connector.activity(user, text="hei"))
    reference = TurnContext.get_conversation_reference(activity).serialize()
    reference.pop("activityId", None)
    return reference


def staff(count: int, run: str, *, tenants: int) -> list[User]:
    """`count` people spread over `tenants` schools (tenant ids `<run>-<n>`); the last five
    characters of an id tell them apart (and name their cases' classes)."""
    return [
        User(f"staff-{run}-{i:05d}", f"Kontaktlærer {i}", tenant_id=f"{run}-{i % tenants}")
        for i in range(count)
    ]


def _write_person(
    session: Session, connector: LocalChannel, person: User, per_person: int, now: datetime
) -> Iterator[int]:
    repo.save_conversation_reference(
        session,
        tenant_id=person.tenant_id,
        user_aad_id=person.aad_object_id,
        reference=reference_for(connector, person),
        locale=person.locale,
        display_name=person.name,
        now=now,
    )
    for start in range(0, per_person, len(KINDS)):
        case = repo.open_case(
            session,
            tenant_id=person.tenant_id,
            pupil_name="Mia",
            # One class each: a pupil has at most one open case in a school (issue 13).
            group_name=f"{person.aad_object_id[-5:]}-{start // len(KINDS)}",
            owner_aad_id=person.aad_object_id,
            owner_name=person.name,
            criteria=["visma_alert"],
            now=now,
        )
        assert case.id is not None
        for kind in KINDS[: per_person - start]:
            deadline = repo.add_deadline(
                session,
                tenant_id=person.tenant_id,
                case_id=case.id,
                kind=kind,
                due_at=now,
                remind_at=now,
                now=now,
            )
            yield deadline.id or 0


async def add_due_deadlines_for(
    database_url: str,
    connector: LocalChannel,
    people: list[User],
    *,
    per_person: int,
    now: datetime,
) -> list[int]:
    """The deadline ids, in one transaction."""

    def write(session: Session) -> list[int]:
        return [
            deadline_id
            for person in people
            for deadline_id in _write_person(session, connector, person, per_person, now)
        ]

    database = Database(database_url)
    try:
        return await database.run(write)
    finally:
        await database.close()


def reminder_deadline_ids(activities: Iterator[dict[str, Any]]) -> Iterator[int]:
    """The deadline id of each reminder card among `activities` (its "done" button's data)."""
    for activity in activities:
        for attachment in activity.get("attachments") or []:
            for action in (attachment.get("content") or {}).get("actions") or []:
                data = action.get("data")
                if isinstance(data, dict) and data.get("intent") == "complete_deadline":
                    yield int(data["deadline_id"])
