"""Due deadlines for the two-instance test: `count` reminders, five to an owner, in four tenants
(written by `bench/due.py`, which the reminder benchmark uses too), counted at the connector."""

from __future__ import annotations

from datetime import datetime

from bench.due import KINDS, add_due_deadlines_for, reminder_deadline_ids, staff
from devkit.local_channel import LocalChannel

TENANTS = 4

__all__ = ["add_due_deadlines", "reminder_deadline_ids"]


async def add_due_deadlines(
    database_url: str, connector: LocalChannel, *, count: int, now: datetime, run: str
) -> list[int]:
    """`count` open deadlines due and to be reminded of at `now`, in one transaction."""
    assert count % len(KINDS) == 0, "five reminders to an owner"
    people = staff(count // len(KINDS), f"scale-{run}", tenants=TENANTS)
    return await add_due_deadlines_for(
        database_url, connector, people, per_person=len(KINDS), now=now
    )
