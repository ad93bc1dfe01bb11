"""Turn leases: a conversation's turns run one at a time, across every bot instance.

Taking a lease is one statement: insert the row, or take it over when it has expired (its
holder died mid-turn); otherwise someone else holds it and the caller waits and tries again.
"""

from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlmodel import Session

from storage.dialect import insert_statement
from storage.models import TurnLease

_TABLE = TurnLease.__table__  # type: ignore[attr-defined]


def acquire_turn_lease(
    session: Session, *, key: str, holder: str, now: datetime, ttl: timedelta
) -> bool:
    values = {"key": key, "holder": holder, "expires_at": now + ttl}
    statement = insert_statement(session, _TABLE).values(**values)
    statement = statement.on_conflict_do_update(
        index_elements=["key"],
        set_={"holder": holder, "expires_at": now + ttl},
        where=_TABLE.c.expires_at < now,
    ).returning(_TABLE.c.holder)
    return session.execute(statement).first() is not None


def release_turn_lease(session: Session, *, key: str, holder: str) -> None:
    session.execute(delete(_TABLE).where(_TABLE.c.key == key, _TABLE.c.holder == holder))
