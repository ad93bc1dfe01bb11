"""Due deadlines written through the repository, and the reminder cards counted at the connector.

Each owner gets the conversation reference the middleware in `bot/references.py` would have
stored from one of their messages, pointing at the test's connector, so the schedulers of both
processes can deliver to them.
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

# Five different deadlines per case, so one owner's reminders are five distinct outbox keys.
KINDS = (
    "contact_guardians",
    "ask_other_code_cause",
    "evaluate_measures",
    "start_interdisciplinary",
    "next_contact",
)
TENANTS = 4


def reference_for(connector: LocalChannel, user: User) -> dict[str, Any]:
    """The shape `bot.references.reference_of` stores: the reference without the activity id."""
    activity = Activity().deserialize(connector.activity(user, text="hei"))
    reference = TurnContext.get_conversation_reference(activity).serialize()
    reference.pop("activityId", None)
    return reference


def owners(count: int, run: str) -> list[User]:
    return [
        User(f"owner-{run}-{i:04d}", f"Kontaktlærer {i}", tenant_id=f"scale-{run}-{i % TENANTS}")
        for i in range(count)
    ]


async def add_due_deadlines(
    database_url: str, connector: LocalChannel, *, count: int, now: datetime, run: str
) -> list[int]:
    """`count` open deadlines due and to be reminded of at `now`, in one transaction."""
    people = owners(-(-count // len(KINDS)), run)

    def write(session: Session) -> list[int]:
        ids: list[int] = []
        for number, owner in enumerate(people):
            repo.save_conversation_reference(
                session,
                tenant_id=owner.tenant_id,
                user_aad_id=owner.aad_object_id,
                reference=reference_for(connector, owner),
                locale=owner.locale,
                display_name=owner.name,
                now=now,
            )
            case = repo.open_case(
                session,
                tenant_id=owner.tenant_id,
                pupil_name="Mia",
                # One class each: a pupil has at most one open case in a school (issue 13).
                group_name=f"7C{number}",
                owner_aad_id=owner.aad_object_id,
                owner_name=owner.name,
                criteria=["visma_alert"],
                now=now,
            )
            for kind in KINDS[: count - len(ids)]:
                assert case.id is not None
                deadline = repo.add_deadline(
                    session,
                    tenant_id=owner.tenant_id,
                    case_id=case.id,
                    kind=kind,
                    due_at=now,
                    remind_at=now,
                    now=now,
                )
                ids.append(deadline.id or 0)
        return ids

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
