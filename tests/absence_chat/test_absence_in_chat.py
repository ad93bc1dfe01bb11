"""Issue 17 in Teams, over real HTTP: an absence export sent as a file in the personal chat.

The local channel serves the file at the attachment's downloadUrl, as SharePoint does for a
file a user sends a bot. The figures below are counted by hand from ROWS: Ola Nordmann, 5B,
is away on Mon 2, Wed 4 (ill, documented), Mon 9, Mon 16, Mon 23 and Tue 24 November 2026,
all but the 4th undocumented: 6 days, 1 documented, 5 undocumented, runs 23–24 (2 days) and
4 single days; 4 of the 6 days are Mondays (3 of the 4 single days); 17 school days from
2 to 24 November (no calendar configured), 35 %.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import inspect, text

from content.clock import FixedClock
from devkit.local_channel import User, as_shown
from storage.db import make_engine
from tests.harness import bot_settings, running_bot

ROWS = """Elev;Klasse;Dato;Type;Dokumentert;Årsak
Ola Nordmann;5B;02.11.2026;Dag;Nei;Udokumentert
Ola Nordmann;5B;04.11.2026;Dag;Ja;Sykdom
Ola Nordmann;5B;9.11.26;Dag;Nei;Udokumentert
Ola Nordmann;5B;16.11.2026;Dag;Nei;Udokumentert
Ola Nordmann;5B;2026-11-23;Dag;Nei;Udokumentert
Ola Nordmann;5B;24.11.2026;Dag;Nei;Udokumentert
"""
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def _teacher() -> User:
    return User(aad_object_id="aad-teacher-absence", name="Tove Lærer")


def _card(reply: dict[str, Any]) -> dict[str, Any]:
    attachments = reply.get("attachments") or []
    assert attachments, reply
    return attachments[0]["content"]


def _texts(card: dict[str, Any]) -> str:
    return "\n".join(item.get("text", "") for item in card["body"] if item["type"] == "TextBlock")


def _everything_stored(database_url: str) -> str:
    """Every row of every table, on SQLite or PostgreSQL (the suite runs on both)."""
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            tables = inspect(connection).get_table_names()
            return "\n".join(
                repr(tuple(row))
                for table in tables
                for row in connection.execute(text(f'SELECT * FROM "{table}"'))
            )
    finally:
        engine.dispose()


async def test_a_sent_export_gives_the_picture_the_report_and_step_one(database_url: str) -> None:
    teacher = _teacher()
    async with running_bot(bot_settings(database_url), clock=FixedClock(NOW)) as bot:
        channel = bot.channel
        attachment = channel.file_attachment(ROWS.encode("utf-8"), "fravaer.csv")
        sent = await channel.send(teacher, "", attachments=[attachment])
        assert sent.status in (200, 201)
        assert len(channel.downloads) == 1  # the bot fetched the file from its downloadUrl

        card = _card(sent.replies[0])
        text = _texts(card)
        assert "Ola Nordmann" in text and "5B" in text
        assert "6 fraværsdager (hele dager) og 0 delvise dager, av 17 skoledager (35 %)" in text
        assert "Dokumentert: 1 dager. Udokumentert: 5 dager." in text
        assert "Lengste sammenhengende fravær: 2 dager. Enkeltstående dager: 4." in text
        assert "4 av 6 fraværsdager er mandager." in text
        assert "3 av 4 enkeltdager er mandager." in text
        assert "«Alt av udokumentert fravær.»" in text
        # The weekday chart: one bar per weekday, the count beside it; and the text fallback.
        bars = card["body"]
        assert any("████ 4" in json_text(block) for block in bars)
        assert "Man 4, Tir 1, Ons 1, Tor 0, Fre 0" in card["fallbackText"]

        # Step 1 of the 2.4 phone-call template, filled with the summary, before step 2.
        template = as_shown(sent.replies[1]["text"])
        assert "Mal for telefonsamtalen hjem" in template
        step_one = template.index("Fra fraværsuttrekket (punkt 1):")
        assert template.index("Skaff deg detaljert oversikt") < step_one
        assert step_one < template.index("Ring foresatte")
        assert "4 av 6 fraværsdager er mandager." in template[step_one:]

        # Nothing of the file is stored while no case is made.
        assert "Nordmann" not in _everything_stored(database_url)

        # «Meld fraværet» carries the facts: the report asks neither pupil, class nor days.
        (action,) = card["actions"]
        assert action["data"] == {
            "intent": "report_absence",
            "pupil": "Ola",  # cases keep first names only
            "group": "5B",
            "days": 6,
            "reason": "undocumented",
        }
        reported = await channel.send(teacher, None, value=action["data"])
        answer = reported.searchable
        assert "Hvilken elev" not in answer and "Hvilken klasse" not in answer
        assert "Hvor mange dager" not in answer
        assert "Ola" in answer
        assert "nivå 0" in answer.lower() or "Nivå 0" in answer
        stored = _everything_stored(database_url)
        assert "'Ola'" in stored  # the case the teacher asked for, with its facts
        assert "Nordmann" not in stored


def json_text(block: dict[str, Any]) -> str:
    import json

    return json.dumps(block, ensure_ascii=False)


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (b"%PDF-1.7 not a table", "fravaer.pdf", "regneark"),
        (b"", "fravaer.csv", "tom"),
        (
            b"Elev;Klasse;Dato;Type\n"
            b"Ola Nordmann;5B;02.11.2026;Dag\nOla Nordmann;6A;03.11.2026;Dag\n",
            "fravaer.csv",
            "flere klasser",
        ),
    ],
)
async def test_bad_files_get_a_norwegian_message_and_the_bot_keeps_serving(
    database_url: str, data: bytes, name: str, expected: str
) -> None:
    teacher = _teacher()
    async with running_bot(bot_settings(database_url), clock=FixedClock(NOW)) as bot:
        sent = await bot.channel.send(
            teacher, "", attachments=[bot.channel.file_attachment(data, name)]
        )
        assert sent.status in (200, 201)
        assert expected in sent.searchable.lower(), sent.searchable
        assert "Nordmann" not in _everything_stored(database_url)
        after = await bot.channel.send(teacher, "hjelp")
        assert after.replies


async def test_a_file_that_cannot_be_fetched_is_said_so(database_url: str) -> None:
    teacher = _teacher()
    async with running_bot(bot_settings(database_url), clock=FixedClock(NOW)) as bot:
        attachment = bot.channel.file_attachment(b"x", "fravaer.csv")
        bot.channel.files.clear()  # the link has expired
        sent = await bot.channel.send(teacher, "", attachments=[attachment])
        assert "fikk ikke hentet filen" in sent.text


async def test_pasted_rows_give_the_same_picture(database_url: str) -> None:
    teacher = _teacher()
    async with running_bot(bot_settings(database_url), clock=FixedClock(NOW)) as bot:
        sent = await bot.channel.send(teacher, ROWS)
        card = _card(sent.replies[0])
        assert "4 av 6 fraværsdager er mandager." in _texts(card)
        assert "Fra fraværsuttrekket (punkt 1):" in as_shown(sent.replies[1]["text"])
