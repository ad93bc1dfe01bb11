"""Deliveries already handled: Teams retries an activity it thinks was lost, and the bot must
act on each activity id once. Keyed by ids, never pupil text."""

import functools
from datetime import datetime

from sqlalchemy import bindparam, delete, select
from sqlmodel import Session

from storage.dialect import Executor, changed, dialect_name, insert_for_dialect
from storage.models import ProcessedActivity
from storage.prepared import Prepared


@functools.cache
def _mark(dialect: str) -> Prepared:
    table = ProcessedActivity.__table__  # type: ignore[attr-defined]
    # RETURNING, not rowcount: drivers need not report a row count for INSERT … ON CONFLICT.
    return Prepared(
        insert_for_dialect(dialect, table)
        .values(
            conversation_id=bindparam("conversation_id"),
            activity_id=bindparam("activity_id"),
            processed_at=bindparam("processed_at"),
        )
        .on_conflict_do_nothing()
        .returning(table.c.activity_id)
    )


def mark_activity_processed(
    executor: Executor, *, conversation_id: str, activity_id: str, at: datetime
) -> bool:
    """False when this delivery was seen before; the primary key settles races between workers.
    Runs on every turn, so the statement is built once per dialect."""
    parameters = {
        "conversation_id": conversation_id,
        "activity_id": activity_id,
        "processed_at": at,
    }
    return _mark(dialect_name(executor)).run(executor, parameters).first() is not None


_TABLE = ProcessedActivity.__table__  # type: ignore[attr-defined]
# Built once: every turn asks, and building the select cost more than running it.
_SEEN = Prepared(
    select(_TABLE.c.activity_id).where(
        _TABLE.c.conversation_id == bindparam("conversation_id"),
        _TABLE.c.activity_id == bindparam("activity_id"),
    )
)


def activity_processed(executor: Executor, *, conversation_id: str, activity_id: str) -> bool:
    """Whether a turn of this delivery already committed (a retry is then only acknowledged)."""
    parameters = {"conversation_id": conversation_id, "activity_id": activity_id}
    return _SEEN.run(executor, parameters).first() is not None


def forget_processed_activities(session: Session, *, before: datetime) -> int:
    """Teams retries within minutes; older markers only cost space."""
    table = ProcessedActivity.__table__  # type: ignore[attr-defined]
    return changed(session, delete(table).where(table.c.processed_at < before))
