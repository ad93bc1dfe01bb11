"""botbuilder `Storage` on the `bot_state` table, so conversation state survives restarts.

Semantics follow botbuilder's own storages (MemoryStorage, BlobStorage, CosmosDbPartitioned):
items are serialised so DialogState/DialogInstance objects round-trip (storage/state_codec.py:
plain JSON for what our dialogs keep, jsonpickle for anything else); an item whose
`e_tag` is missing or "*" is written unconditionally; any other `e_tag` must match the stored one or
the write fails with `StateConflict` instead of silently overwriting a concurrent turn. After a
write the new etag is set on the item, so a second save in the same turn is not a conflict.

jsonpickle restores arbitrary classes, so this table must only ever hold what the bot wrote.
"""

import hashlib
import itertools
import uuid
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

from botbuilder.core import Storage
from sqlalchemy import Connection, bindparam, delete, select, update
from sqlmodel import Session

from storage import state_codec
from storage.db import Database
from storage.dialect import Executor, insert_or_ignore, upsert
from storage.errors import StateConflict
from storage.models import BotState

MAX_KEY_LENGTH = 255
_KEPT_PREFIX = MAX_KEY_LENGTH - 65  # prefix + "#" + 64 hex chars of sha256
_TABLE = BotState.__table__  # type: ignore[attr-defined]


def storage_key(key: str) -> str:
    """Teams conversation ids can be long; keep a readable prefix and hash the whole key."""
    if len(key) <= MAX_KEY_LENGTH:
        return key
    digest = hashlib.sha256(key.encode()).hexdigest()
    return f"{key[:_KEPT_PREFIX]}#{digest}"


def _get_etag(item: Any) -> str | None:
    if isinstance(item, dict):
        return item.get("e_tag")
    return getattr(item, "e_tag", None)


def _set_etag(item: Any, etag: str) -> None:
    if isinstance(item, dict):
        item["e_tag"] = etag
    else:
        item.e_tag = etag


def encode_state(item: Any) -> str:
    """The stored form of a state item, without its etag (which lives in its own column)."""
    return _encode(item)


def decode_state(document: str, etag: str) -> Any:
    return _decode(document, etag)


def _encode(item: Any) -> str:
    if isinstance(item, dict):
        item = {name: value for name, value in item.items() if name != "e_tag"}
    return state_codec.encode(item)


def _decode(document: str, etag: str) -> Any:
    item = state_codec.decode(document)
    if isinstance(item, dict) or hasattr(item, "__dict__"):
        _set_etag(item, etag)  # store items are dicts or objects with an `e_tag` attribute
    return item


# The statements every turn runs, built once.
_READ = select(_TABLE.c.document, _TABLE.c.etag).where(_TABLE.c.key == bindparam("key"))
_UPDATE_IF_UNCHANGED = (
    update(_TABLE)
    .where(_TABLE.c.key == bindparam("b_key"), _TABLE.c.etag == bindparam("b_expected"))
    .values(
        document=bindparam("b_document"), etag=bindparam("b_etag"), updated_at=bindparam("b_now")
    )
)


def read_document(executor: Executor, key: str) -> tuple[str, str] | None:
    """(document, etag) of one state key, inside a caller's transaction."""
    row = executor.execute(_READ, {"key": storage_key(key)}).first()
    return None if row is None else (row[0], row[1])


class _Etags:
    """Unique etags without a random draw per write: a random prefix per process, then a count."""

    def __init__(self) -> None:
        self._prefix = uuid.uuid4().hex[:16]
        self._count = itertools.count(1)

    def __call__(self) -> str:
        return f"{self._prefix}-{next(self._count):x}"


_new_etag = _Etags()


class SqlStorage(Storage):
    def __init__(self, database: Database, *, clock: Callable[[], datetime] | None = None) -> None:
        self._database = database
        self._now = clock or (lambda: datetime.now(UTC))

    async def read(self, keys: list[str]) -> dict[str, Any]:
        if not keys:
            return {}
        wanted = {storage_key(key): key for key in keys}

        def load(session: Session) -> list[tuple[str, str, str]]:
            query = select(_TABLE.c.key, _TABLE.c.document, _TABLE.c.etag).where(
                _TABLE.c.key.in_(list(wanted))
            )
            return [tuple(row) for row in session.execute(query)]

        rows = await self._database.run(load)
        return {wanted[key]: _decode(document, etag) for key, document, etag in rows}

    async def write(self, changes: dict[str, Any]) -> None:
        if changes is None:
            raise ValueError("changes are required when writing")
        if not changes:
            return
        for item in changes.values():
            if _get_etag(item) == "":
                raise ValueError("an empty e_tag is not a valid etag; use '*' or None")
        prepared = [
            (storage_key(key), _encode(item), _get_etag(item), _new_etag())
            for key, item in changes.items()
        ]
        now = self._now()

        def store(session: Session) -> None:
            for key, document, expected, new_etag in prepared:
                _write_one(session, key, document, expected, new_etag, now)

        await self._database.run(store)
        for item, (*_, new_etag) in zip(changes.values(), prepared, strict=True):
            _set_etag(item, new_etag)

    async def read_document(self, key: str) -> tuple[str, str] | None:
        """The stored JSON and its etag, for a caller that compares documents, not objects."""
        return await self._database.run_statements(
            lambda connection: read_document(connection, key)
        )

    async def write_document(
        self,
        key: str,
        document: str,
        expected: str | None,
        *,
        also: Callable[[Executor], None] | None = None,
    ) -> str:
        """Store an encoded document; `expected` None means it must not exist yet. Returns the
        new etag, or raises `StateConflict` when another writer got there first."""
        stored, new_etag, now = storage_key(key), _new_etag(), self._now()

        def store(connection: Connection) -> None:
            if also is not None:
                also(connection)
            if expected is not None:
                _write_one(connection, stored, document, expected, new_etag, now)
                return
            values = {"key": stored, "document": document, "etag": new_etag, "updated_at": now}
            inserted = connection.execute(
                insert_or_ignore(connection, _TABLE, values).returning(_TABLE.c.key)
            ).first()
            if inserted is None:
                raise StateConflict(f"bot state {stored!r} was created by another writer")

        await self._database.run_statements(store)
        return new_etag

    async def delete(self, keys: Iterable[str]) -> None:
        if keys is None:
            raise ValueError("keys are required when deleting")
        stored = [storage_key(key) for key in keys]
        if not stored:
            return

        def remove(session: Session) -> None:
            session.execute(delete(_TABLE).where(_TABLE.c.key.in_(stored)))

        await self._database.run(remove)


def _write_one(
    executor: Executor, key: str, document: str, expected: str | None, etag: str, now: datetime
) -> None:
    values = {"key": key, "document": document, "etag": etag, "updated_at": now}
    if expected in (None, "*"):
        executor.execute(
            upsert(
                executor, _TABLE, values, keys=["key"], update=["document", "etag", "updated_at"]
            )
        )
        return
    parameters = {
        "b_key": key,
        "b_expected": expected,
        "b_document": document,
        "b_etag": etag,
        "b_now": now,
    }
    result = executor.execute(_UPDATE_IF_UNCHANGED, parameters)
    if result.rowcount != 1:
        raise StateConflict(f"bot state {key!r} changed since it was read (etag {expected!r})")
