"""Access and erasure requests by chat (issue 7), through the real app over HTTP.

Kari and Per teach in tenant A, Rita leads A; Bjørn teaches and Berit leads in tenant B. Cases
are made the way teachers make them, by reporting and logging in chat; the leader's export is
checked against the same content renderer, and the delete against the rows left behind.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from typing import Any

import pytest

from content.clock import FixedClock
from content.export_text import export_as_text
from content.i18n import Translator
from devkit.local_channel import User, as_shown
from dialogs.privacy_export import split_lines
from storage.models import AuditEvent, Deadline, LogEntry
from tests.harness import RunningBot
from tests.scenarios.records import audit, cases, rows
from tests.scenarios.schools import (
    BERIT,
    BJORN,
    KARI,
    PER,
    RITA,
    TENANT_A,
    TENANT_B,
    two_schools,
)

NB = Translator("nb")
GUARDIANS = "Foreldrene er enige i at Ole trenger tett oppfølging"
NEXT_STEPS = "Ringer hjem igjen fredag"
FENCED = re.compile(r"^(`{3,})(json)?\n(.*)\n\1$", re.DOTALL)


@pytest.fixture
async def bot(database_url: str, clock: FixedClock) -> AsyncIterator[RunningBot]:
    async with two_schools(database_url, clock) as running:
        yield running


async def report(bot: RunningBot, database_url: str, teacher: User, pupil: str, group: str) -> int:
    """A teacher opens a case the usual way; returns its id."""
    before = {case.id for case in cases(database_url)}
    await bot.channel.send(teacher, f"{pupil} i {group} har vært borte 5 dager")
    await bot.channel.send(teacher, "nei")
    (new,) = [case.id for case in cases(database_url) if case.id not in before]
    assert new is not None
    return new


@pytest.fixture
async def ole(bot: RunningBot, database_url: str) -> int:
    """Kari's case for Ole in 5B, with one logged contact."""
    case_id = await report(bot, database_url, KARI, "Ole", "5B")
    steps = ("loggfør kontakt for Ole", "i dag", NB("criterion.visma_alert"), GUARDIANS)
    for text in (*steps, NEXT_STEPS, "0", "Kari Lærer", "Lagre"):
        await bot.channel.send(KARI, text)
    assert len(rows(database_url, LogEntry, LogEntry.case_id == case_id)) == 1
    return case_id


def stored_counts(database_url: str, case_ids: list[int]) -> dict[str, int]:
    return {
        "cases": len(case_ids),
        "log_entries": len(rows(database_url, LogEntry, LogEntry.case_id.in_(case_ids))),
        "deadlines": len(rows(database_url, Deadline, Deadline.case_id.in_(case_ids))),
        "measures": 0,
        "agreements": 0,
    }


def blocks(replies: list[dict[str, Any]]) -> tuple[str, str]:
    """(readable text, JSON text) from the fenced blocks of an export, parts joined in order."""
    readable: list[str] = []
    as_json: list[str] = []
    for reply in replies:
        text = reply.get("text") or ""
        _, _, body = text.partition("\n\n")
        found = FENCED.match(body)
        if found is None:
            continue
        (as_json if found.group(2) else readable).append(found.group(3))
    return "\n".join(readable), "\n".join(as_json)


def privacy_events(database_url: str) -> list[AuditEvent]:
    return [event for event in audit(database_url) if event.action.startswith("privacy.")]


async def test_leader_exports_cases_and_log_fields_as_text_and_json(
    bot: RunningBot, ole: int, database_url: str
) -> None:
    exchange = await bot.channel.send(RITA, "eksporter opplysningene om Ole i 5B")

    expected = stored_counts(database_url, [ole])
    summary = NB("records.export.summary", pupil="Ole", group="5B", **expected)
    assert as_shown(exchange.replies[0]["text"]) == summary
    readable, as_json = blocks(exchange.replies[1:])
    export = json.loads(as_json)
    (case,) = export["cases"]
    assert (export["pupil_name"], export["group_name"], case["id"]) == ("Ole", "5B", ole)
    (entry,) = case["log_entries"]
    assert (entry["guardians_view"], entry["next_steps"]) == (GUARDIANS, NEXT_STEPS)
    assert "tenant_id" not in case
    assert readable + "\n" == export_as_text(export, language="nb")
    assert GUARDIANS in readable and NEXT_STEPS in readable
    (event,) = privacy_events(database_url)
    assert (event.action, event.actor_aad_id, event.case_id) == ("privacy.export", "aad-rita", None)
    assert event.detail == {**expected, "case_ids": [ole]}


async def test_innsyn_asks_the_class_when_two_pupils_share_the_name(
    bot: RunningBot, ole: int, database_url: str
) -> None:
    other = await report(bot, database_url, PER, "Ole", "6C")
    question = await bot.channel.send(RITA, "innsyn for Ole")
    assert question.text == NB("records.group.ask", pupil="Ole")
    offered = [a["title"] for a in question.replies[0]["suggestedActions"]["actions"]]
    assert offered == ["5B", "6C"]

    exchange = await bot.channel.send(RITA, "6C")
    export = json.loads(blocks(exchange.replies)[1])
    assert [case["id"] for case in export["cases"]] == [other]
    assert GUARDIANS not in exchange.text


STAFF_TRIES: list[dict[str, Any]] = [
    {"text": "eksporter opplysningene om Ole i 5B"},
    {"text": "innsyn for Ole i 5B"},
    {"text": "slett opplysningene om Ole i 5B"},
    {"text": "", "value": {"intent": "export_records", "pupil": "Ole", "group": "5B"}},
    {
        "text": "",
        "value": {
            "intent": "delete_records",
            "pupil": "Ole",
            "group": "5B",
            "records_confirm": True,
            "records_name": True,
            "cases": 1,
        },
    },
]


@pytest.mark.parametrize("message", STAFF_TRIES, ids=lambda m: m["text"] or m["value"]["intent"])
@pytest.mark.parametrize("user", [KARI, PER], ids=["owner", "colleague"])
async def test_staff_are_refused_and_nothing_is_read(
    bot: RunningBot, ole: int, database_url: str, user: User, message: dict[str, Any]
) -> None:
    reply = await bot.channel.send(user, **message)
    assert reply.text == NB("records.only_leaders")
    assert [case.id for case in cases(database_url)] == [ole]
    assert len(rows(database_url, LogEntry, LogEntry.case_id == ole)) == 1
    assert privacy_events(database_url) == []


async def test_another_tenants_pupil_is_never_exported_or_deleted(
    bot: RunningBot, ole: int, database_url: str
) -> None:
    theirs = await report(bot, database_url, BJORN, "Ole", "5B")
    mine = json.loads(blocks((await bot.channel.send(RITA, "innsyn for Ole i 5B")).replies)[1])
    assert [case["id"] for case in mine["cases"]] == [ole]
    exchange = await bot.channel.send(BERIT, "eksporter opplysningene om Ole i 5B")
    berits = json.loads(blocks(exchange.replies)[1])
    assert [case["id"] for case in berits["cases"]] == [theirs]
    assert GUARDIANS not in exchange.text

    for text in ("slett opplysningene om Ole i 5B", "ja", "Ole"):
        await bot.channel.send(BERIT, text)
    assert [case.id for case in cases(database_url)] == [ole]
    assert len(rows(database_url, LogEntry, LogEntry.case_id == ole)) == 1
    tenants = {(event.tenant_id, event.action) for event in privacy_events(database_url)}
    assert tenants == {
        (TENANT_A, "privacy.export"),
        (TENANT_B, "privacy.export"),
        (TENANT_B, "privacy.delete"),
    }


async def test_delete_shows_counts_asks_for_the_name_and_removes_every_row(
    bot: RunningBot, ole: int, database_url: str
) -> None:
    other = await report(bot, database_url, PER, "Ole", "6C")
    await bot.channel.send(KARI, "avslutt saken til Ole")  # closed cases are deleted too
    for text in ("Tilbake på skolen", "Fornøyde", "ja"):
        await bot.channel.send(KARI, text)
    assert {c.id: c.status for c in cases(database_url)}[ole] == "closed"
    expected = stored_counts(database_url, [ole])
    trail_before = [event.id for event in audit(database_url)]
    names = {"pupil": "Ole", "group": "5B"}

    confirm = await bot.channel.send(RITA, "slett opplysningene om Ole i 5B")
    assert confirm.text == NB("slot.records_confirm.ask", **names, **expected)
    assert (await bot.channel.send(RITA, "ja")).text == NB("slot.records_name.ask", **names)
    wrong = await bot.channel.send(RITA, "Ola")
    assert wrong.text == NB("records.delete.name_mismatch", **names)
    assert [case.id for case in cases(database_url)] == [ole, other]
    done = await bot.channel.send(RITA, "ole")

    assert done.text == NB("records.delete.done", **names, **expected)
    assert [case.id for case in cases(database_url)] == [other]
    for model in (LogEntry, Deadline):
        assert rows(database_url, model, model.case_id == ole) == []
    assert rows(database_url, Deadline, Deadline.case_id == other) != []
    events = audit(database_url)
    assert [event.id for event in events][: len(trail_before)] == trail_before
    (deleted,) = [event for event in events if event.action == "privacy.delete"]
    assert deleted.detail == {**expected, "case_ids": [ole]}
    assert "Ole" not in json.dumps([event.detail for event in events])


@pytest.mark.parametrize("answers", [("nei",), ("ja", "nei")], ids=["no", "no-at-the-name"])
async def test_delete_answered_no_keeps_everything(
    bot: RunningBot, ole: int, database_url: str, answers: tuple[str, ...]
) -> None:
    await bot.channel.send(RITA, "slett opplysningene om Ole i 5B")
    for answer in answers:
        reply = await bot.channel.send(RITA, answer)
    assert reply.text == NB("records.delete.kept", pupil="Ole", group="5B")
    assert [case.id for case in cases(database_url)] == [ole]
    assert len(rows(database_url, LogEntry, LogEntry.case_id == ole)) == 1
    assert privacy_events(database_url) == []


@pytest.mark.parametrize(
    ("text", "action"),
    [("slett opplysningene om Ole i 7A", None), ("eksporter opplysningene om Nora i 2A", "export")],
)
async def test_nobody_found_is_said_and_nothing_is_deleted(
    bot: RunningBot, ole: int, database_url: str, text: str, action: str | None
) -> None:
    pupil, group = text.split()[-3], text.split()[-1]
    reply = await bot.channel.send(RITA, text)
    assert reply.text == NB("records.none", pupil=pupil, group=group)
    assert [case.id for case in cases(database_url)] == [ole]
    actions = [event.action for event in privacy_events(database_url)]
    assert actions == ([f"privacy.{action}"] if action else [])


@pytest.mark.parametrize(
    ("text", "limit"),
    [("a\nb\nc", 100), ("æøå " * 50 + "\n" + "x" * 300 + "\n" + '"q"' * 40, 400), ("", 10)],
)
def test_long_exports_are_split_at_line_ends_under_the_wire_limit(text: str, limit: int) -> None:
    parts = split_lines(text, limit)
    assert "\n".join(parts) == text
    for part in parts:
        assert len(json.dumps(part, ensure_ascii=False).encode("utf-8")) <= limit
