"""botbuilder `Storage` on the `bot_state` table (storage/bot_state.py), so conversation state
survives restarts.

Semantics follow botbuilder's own storages (MemoryStorage, BlobStorage, CosmosDbPartitioned):
items are serialised so DialogState/DialogInstance objects round-trip (bot/fastpath/state_codec.py:
plain JSON only); an item whose
`e_tag` is missing or "*" is written unconditionally; any other `e_tag` must match the stored one or
the write fails with `StateConflict` instead of silently overwriting a concurrent turn. After a
write the new etag is set on the item, so a second save in the same turn is not a conflict.

Nothing is ever restored with jsonpickle: a document that is not plain JSON is read as absent.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

from botbuilder.core import Storage

from bot.fastpath import state_codec
from storage import bot_state
from storage.db import Database
from storage.dialect import Executor


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
    if isinstance(item, dict):
        item = {name: value for name, value in item.items() if name != "e_tag"}
    return state_codec.encode(item)


def decode_state(document: str, etag: str) -> Any:
    item = state_codec.decode(document)
    if isinstance(item, dict) or hasattr(item, "__dict__"):
        _set_etag(item, etag)  # store items are dicts or objects with an `e_tag` attribute
    return item


class SqlStorage(Storage):
    def __init__(self, database: Database, *, clock: Callable[[], datetime] | None = None) -> None:
        self._database = database
        self._now = clock or (lambda: datetime.now(UTC))

    async def read(self, keys: list[str]) -> dict[str, Any]:
        if not keys:
            return {}
        found = await self._database.run_statements(
            lambda connection: bot_state.read_documents(connection, keys)
        )
        items = {}
        for key, (document, etag) in found.items():
            try:
                items[key] = decode_state(document, etag)
            except state_codec.UndecodableState:
                continue  # read as absent; the next write replaces it unconditionally
        return items

    async def write(self, changes: dict[str, Any]) -> None:
        if changes is None:
            raise ValueError("changes are required when writing")
        if not changes:
            return
        for item in changes.values():
            if _get_etag(item) == "":
                raise ValueError("an empty e_tag is not a valid etag; use '*' or None")
        prepared = [
            (key, encode_state(item), _get_etag(item), bot_state.new_etag())
            for key, item in changes.items()
        ]
        now = self._now()

        def store(connection: Executor) -> None:
            for key, document, expected, etag in prepared:
                bot_state.write_document(
                    connection, key, document, expected=expected, etag=etag, now=now
                )

        await self._database.run_statements(store)
        for item, (*_, etag) in zip(changes.values(), prepared, strict=True):
            _set_etag(item, etag)

    async def read_document(self, key: str) -> tuple[str, str] | None:
        """The stored JSON and its etag, for a caller that compares documents, not objects."""
        return await self._database.run_statements(
            lambda connection: bot_state.read_document(connection, key)
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
        etag, now = bot_state.new_etag(), self._now()

        def store(connection: Executor) -> None:
            if also is not None:
                also(connection)
            bot_state.write_document(
                connection,
                key,
                document,
                expected=expected,
                etag=etag,
                now=now,
                create_only=expected is None,
            )

        await self._database.run_statements(store)
        return etag

    async def delete(self, keys: Iterable[str]) -> None:
        if keys is None:
            raise ValueError("keys are required when deleting")
        wanted = list(keys)
        if wanted:
            await self._database.run_statements(
                lambda connection: bot_state.delete_documents(connection, wanted)
            )
