"""The `bot_state` table: conversation state documents with an etag each, so state survives
restarts and two writers never overwrite each other silently.

SQL only; what a document holds and how botbuilder reads it is the edge's business
(`bot/state_store.py`, `bot/fastpath/state.py`). A write names the etag it read: "*" or None
writes unconditionally (botbuilder's convention), any other etag must match the stored one or
the write fails with `StateConflict`. `create_only` refuses to overwrite a document that exists.
"""

import hashlib
import itertools
import json
import uuid
from collections.abc import Collection, Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, select, update

from storage.cases import normalize_group, pupil_key
from storage.dialect import Executor, insert_or_ignore, upsert
from storage.errors import StateConflict
from storage.models import BotState
from storage.prepared import Prepared

MAX_KEY_LENGTH = 255
_KEPT_PREFIX = MAX_KEY_LENGTH - 65  # prefix + "#" + 64 hex chars of sha256
_TABLE = BotState.__table__  # type: ignore[attr-defined]


def storage_key(key: str) -> str:
    """Teams conversation ids can be long; keep a readable prefix and hash the whole key."""
    if len(key) <= MAX_KEY_LENGTH:
        return key
    digest = hashlib.sha256(key.encode()).hexdigest()
    return f"{key[:_KEPT_PREFIX]}#{digest}"


class _Etags:
    """Unique etags without a random draw per write: a random prefix per process, then a count."""

    def __init__(self) -> None:
        self._prefix = uuid.uuid4().hex[:16]
        self._count = itertools.count(1)

    def __call__(self) -> str:
        return f"{self._prefix}-{next(self._count):x}"


new_etag = _Etags()

# The statements every turn runs, built once.
_READ = Prepared(select(_TABLE.c.document, _TABLE.c.etag).where(_TABLE.c.key == bindparam("key")))
_UPDATE_IF_UNCHANGED = Prepared(
    update(_TABLE)
    .where(_TABLE.c.key == bindparam("b_key"), _TABLE.c.etag == bindparam("b_expected"))
    .values(
        document=bindparam("b_document"), etag=bindparam("b_etag"), updated_at=bindparam("b_now")
    )
)


def read_document(executor: Executor, key: str) -> tuple[str, str] | None:
    """(document, etag) of one state key, inside a caller's transaction."""
    row = _READ.run(executor, {"key": storage_key(key)}).first()
    return None if row is None else (row[0], row[1])


def read_documents(executor: Executor, keys: Iterable[str]) -> dict[str, tuple[str, str]]:
    """(document, etag) by the caller's key, for the keys that exist."""
    wanted = {storage_key(key): key for key in keys}
    if not wanted:
        return {}
    query = select(_TABLE.c.key, _TABLE.c.document, _TABLE.c.etag).where(
        _TABLE.c.key.in_(list(wanted))
    )
    return {wanted[key]: (document, etag) for key, document, etag in executor.execute(query)}


def write_document(
    executor: Executor,
    key: str,
    document: str,
    *,
    expected: str | None,
    etag: str,
    now: datetime,
    create_only: bool = False,
) -> None:
    """Store `document` under `key` with the new `etag`, or raise `StateConflict`."""
    stored = storage_key(key)
    values = {"key": stored, "document": document, "etag": etag, "updated_at": now}
    if create_only:
        inserted = executor.execute(
            insert_or_ignore(executor, _TABLE, values).returning(_TABLE.c.key)
        ).first()
        if inserted is None:
            raise StateConflict(f"bot state {stored!r} was created by another writer")
        return
    if expected in (None, "*"):
        executor.execute(
            upsert(
                executor, _TABLE, values, keys=["key"], update=["document", "etag", "updated_at"]
            )
        )
        return
    parameters = {
        "b_key": stored,
        "b_expected": expected,
        "b_document": document,
        "b_etag": etag,
        "b_now": now,
    }
    if _UPDATE_IF_UNCHANGED.run(executor, parameters).rowcount != 1:
        raise StateConflict(f"bot state {stored!r} changed since it was read (etag {expected!r})")


def delete_documents(executor: Executor, keys: Iterable[str]) -> None:
    stored = [storage_key(key) for key in keys]
    if stored:
        executor.execute(delete(_TABLE).where(_TABLE.c.key.in_(stored)))


def _mentions(value: Any, case_ids: Collection[int], pupil: str, group: str) -> bool:
    """Whether a state document names one of the cases, or the pupil (in the class, where the
    document says a class): a conversation half-way through a log or a report of them."""
    if isinstance(value, list):
        return any(_mentions(item, case_ids, pupil, group) for item in value)
    if not isinstance(value, dict):
        return False
    case_id = value.get("case_id")
    if isinstance(case_id, (int, str)) and str(case_id) in {str(i) for i in case_ids}:
        return True
    named = value.get("pupil")
    if isinstance(named, str) and pupil_key(named) == pupil:
        stated = value.get("group")
        if not isinstance(stated, str) or normalize_group(stated) == group:
            return True
    return any(_mentions(item, case_ids, pupil, group) for item in value.values())


def forget_states_mentioning(
    executor: Executor,
    *,
    case_ids: Collection[int],
    pupil: str,
    group_name: str,
    keep: str | None = None,
) -> int:
    """Erasure: delete every conversation state that holds the pupil's cases or name (a
    teacher's half-finished dialog), except `keep` (the erasing leader's own conversation,
    whose turn is still running and ends its dialog itself). Returns how many went."""
    kept = storage_key(keep) if keep else None
    doomed = []
    for key, document in executor.execute(select(_TABLE.c.key, _TABLE.c.document)):
        if key == kept:
            continue
        try:
            parsed = json.loads(document)
        except ValueError:
            continue
        if _mentions(parsed, case_ids, pupil_key(pupil), normalize_group(group_name)):
            doomed.append(key)
    if doomed:
        executor.execute(delete(_TABLE).where(_TABLE.c.key.in_(doomed)))
    return len(doomed)
