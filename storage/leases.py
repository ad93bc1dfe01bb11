"""Leases: a conversation's turns run one at a time, across every bot instance; so does the
delivery of a tenant's reminders (the scheduler paces a tenant in one instance's memory).

Taking a lease is one statement: insert the row, or take it over when it has expired (its
holder died mid-turn); otherwise someone else holds it and the caller waits and tries again.
Both statements run on every turn, so they are built once per dialect, not per call.
"""

import functools
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, delete, select, update

from storage.dialect import Executor, changed, dialect_name, insert_for_dialect
from storage.models import TurnLease

_TABLE = TurnLease.__table__  # type: ignore[attr-defined]
_RELEASE = delete(_TABLE).where(
    _TABLE.c.key == bindparam("b_key"), _TABLE.c.holder == bindparam("b_holder")
)


@functools.cache
def _acquire(dialect: str) -> Any:
    statement = insert_for_dialect(dialect, _TABLE).values(
        key=bindparam("key"), holder=bindparam("holder"), expires_at=bindparam("expires_at")
    )
    return statement.on_conflict_do_update(
        index_elements=["key"],
        set_={"holder": statement.excluded.holder, "expires_at": statement.excluded.expires_at},
        where=_TABLE.c.expires_at < bindparam("b_now"),
    ).returning(_TABLE.c.holder)


def acquire_turn_lease(
    executor: Executor, *, key: str, holder: str, now: datetime, ttl: timedelta
) -> bool:
    statement = _acquire(dialect_name(executor))
    parameters = {"key": key, "holder": holder, "expires_at": now + ttl, "b_now": now}
    return executor.execute(statement, parameters).first() is not None


def release_turn_lease(executor: Executor, *, key: str, holder: str) -> None:
    executor.execute(_RELEASE, {"b_key": key, "b_holder": holder})


def renew_lease(
    executor: Executor, *, key: str, holder: str, now: datetime, ttl: timedelta
) -> bool:
    """False when the lease is no longer the holder's (it expired and another took it)."""
    statement = (
        update(_TABLE)
        .where(_TABLE.c.key == key, _TABLE.c.holder == holder)
        .values(expires_at=now + ttl)
    )
    return bool(changed(executor, statement))


def live_keys(executor: Executor, *, prefix: str, now: datetime) -> list[str]:
    """The unexpired leases whose key starts with `prefix` (without it)."""
    statement = select(_TABLE.c.key).where(
        _TABLE.c.key.startswith(prefix), _TABLE.c.expires_at > now
    )
    return [key[len(prefix) :] for key in executor.execute(statement).scalars()]
