"""Erasure leaves no trace of the pupil (issue 13, item 8): a colleague's half-finished log of
the pupil is cleared with the records, and the database file itself (SQLite: the file and its
write-ahead log) holds neither the name nor what was typed about them; audit rows keep counts."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from content.clock import FixedClock
from content.i18n import Translator
from storage.db import is_sqlite
from storage.models import AuditEvent
from tests.harness import RunningBot
from tests.scenarios.records import cases, rows
from tests.scenarios.schools import KARI, PER, RITA, two_schools

NB = Translator("nb")
PUPIL = "Sølvejg"
TYPED = "Bestemorskjelte-samtalen"


@pytest.fixture
async def bot(database_url: str, clock: FixedClock) -> AsyncIterator[RunningBot]:
    async with two_schools(database_url, clock) as running:
        yield running


def stored_states(database_url: str) -> str:
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            return "\n".join(connection.execute(text("SELECT document FROM bot_state")).scalars())
    finally:
        engine.dispose()


def database_bytes(database_url: str) -> bytes:
    path = Path(make_url(database_url).database or "")
    parts = [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-journal")]
    return b"".join(part.read_bytes() for part in parts if part.exists())


async def test_erasure_clears_a_colleagues_dialog_and_leaves_no_name_on_disk(
    bot: RunningBot, database_url: str
) -> None:
    await bot.channel.send(KARI, f"Jeg er bekymret for {PUPIL} i 5B, borte 5 dager")
    await bot.channel.send(KARI, "nei")
    for said in (f"loggfør kontakt for {PUPIL}", "i dag", "Varsel", TYPED):
        await bot.channel.send(KARI, said)  # Kari stops half-way through the log
    await bot.channel.send(PER, "en elev i 5B har vært borte 3 dager")
    await bot.channel.send(PER, PUPIL)  # Per's report is waiting for the next answer

    for said in (f"slett opplysningene om {PUPIL} i 5B", "ja", PUPIL):
        done = await bot.channel.send(RITA, said)
    assert cases(database_url) == []
    assert done.text.startswith(
        NB("records.delete.done", pupil=PUPIL, group="5B").split("{")[0][:20]
    )

    # Kari's conversation is free again: no stuck log waiting for her answer.
    assert (await bot.channel.send(KARI, "hjelp")).text == NB("help.text")
    (deleted,) = [e for e in rows(database_url, AuditEvent) if e.action == "privacy.delete"]
    assert deleted.detail["cases"] == 1
    assert PUPIL not in json.dumps([e.detail for e in rows(database_url, AuditEvent)])
    states = stored_states(database_url)
    assert PUPIL not in states and TYPED not in states
    if is_sqlite(database_url):  # the bytes on disk, free pages and write-ahead log included
        stored = database_bytes(database_url)
        assert PUPIL.encode() not in stored
        assert TYPED.encode() not in stored
