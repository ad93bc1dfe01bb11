"""Turn leases: one holder at a time, taken over only after expiry, released only by the holder."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from storage.db import Database
from storage.leases import acquire_turn_lease, release_turn_lease

T0 = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
TTL = timedelta(seconds=20)


def take(database: Database, holder: str, at: datetime) -> bool:
    return database.run_sync(
        lambda s: acquire_turn_lease(s, key="conv", holder=holder, now=at, ttl=TTL)
    )


def test_one_holder_until_released_or_expired(database: Database) -> None:
    assert take(database, "a", T0)
    assert not take(database, "b", T0 + timedelta(seconds=5))
    database.run_sync(lambda s: release_turn_lease(s, key="conv", holder="b"))  # not b's
    assert not take(database, "b", T0 + timedelta(seconds=6))
    database.run_sync(lambda s: release_turn_lease(s, key="conv", holder="a"))
    assert take(database, "b", T0 + timedelta(seconds=7))
    assert take(database, "c", T0 + timedelta(seconds=7) + TTL + timedelta(seconds=1))
