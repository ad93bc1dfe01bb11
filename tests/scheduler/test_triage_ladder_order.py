"""Ladder order (issue 14): moving up runs the skipped levels' required steps (level 2's report to
leadership within 1 week and the 2.7 mapping) or records why not, and the leadership report
includes the mapping and the unsafe-environment flag. Real app over HTTP, real SQLite."""

from __future__ import annotations

from content.i18n import Translator
from content.loader import guide
from devkit.local_channel import User
from storage.models import Case, Deadline, LogEntry
from tests.scenarios.records import rows
from tests.scenarios.schools import card_elements
from tests.scheduler.conftest import ScheduledBot, oslo, texts

NB = Translator("nb")
MAPPING = guide().template("kartlegging_sarbarhet")


async def open_level_0(bot: ScheduledBot, teacher: User, first: str = "") -> None:
    await bot.channel.install(teacher)
    await bot.channel.send(teacher, first or "Ole i 5B har vært borte 5 dager")
    await bot.channel.send(teacher, "nei")


def open_kinds(database_url: str) -> dict[str, object]:
    return {d.kind: d.due_at for d in rows(database_url, Deadline) if d.status == "open"}


async def test_from_0_to_3_runs_level_2s_report_and_mapping(
    bot: ScheduledBot, teacher: User, database_url: str
) -> None:
    await open_level_0(bot, teacher)
    ask = await bot.channel.send(teacher, "løft saken til Ole til nivå 3")
    assert ask.text == NB("slot.measure.ask", pupil="Ole")
    await bot.channel.send(teacher, "Fast voksen tar imot hver morgen")
    mapping = await bot.channel.send(teacher, "Kari Lærer")
    card = mapping.replies[0]["attachments"][0]["content"]
    first = next(el for el in card_elements(card) if el.get("type") == "Input.Toggle")["id"]
    partners = await bot.channel.send(
        teacher, text="", value={"answer": "vulnerability", first: "true"}
    )
    assert partners.text == NB("slot.partners.ask")
    done = await bot.channel.send(teacher, "PPT og BUP")
    (case,) = rows(database_url, Case)
    assert case.level == 3
    kinds = open_kinds(database_url)
    assert kinds["report_to_leadership"] == oslo(2026, 10, 15, 15, 0)  # 5 school days
    assert "start_interdisciplinary" in kinds
    (entry,) = rows(database_url, LogEntry)
    assert entry.kind == "pupil_log"
    titles = [a["title"] for a in done.replies[-1]["suggestedActions"]["actions"]]
    assert NB("leadership.offer.value", pupil="Ole", group="5B") in titles


async def test_a_skipped_mapping_asks_why_and_records_it(
    bot: ScheduledBot, teacher: User, database_url: str
) -> None:
    await open_level_0(bot, teacher)
    for text in ("løft saken til Ole til nivå 2", "Fast voksen", "Kari Lærer"):
        await bot.channel.send(teacher, text)
    why = await bot.channel.send(teacher, NB("slot.mapping.skip"))
    assert why.text == NB("triage.slot.mapping_reason.ask", pupil="Ole")
    await bot.channel.send(teacher, "Teamet møtes først på tirsdag")
    (entry,) = rows(database_url, LogEntry)
    assert "Teamet møtes først på tirsdag" in entry.next_steps
    assert NB("triage.mapping.skipped") in entry.reason


async def test_the_leadership_report_includes_the_mapping_and_the_flag(
    bot: ScheduledBot, teacher: User, leader: User, database_url: str
) -> None:
    await bot.channel.install(leader)
    await bot.channel.send(leader, "hei")
    before = len(bot.channel.received[leader.conversation_id])
    await open_level_0(bot, teacher, "Ole i 5B har vært borte 5 dager, han blir mobbet")
    for text in ("løft saken til Ole til nivå 2", "Fast voksen"):
        await bot.channel.send(teacher, text)
    mapping = await bot.channel.send(teacher, "Kari Lærer")
    card = mapping.replies[0]["attachments"][0]["content"]
    toggle = next(el for el in card_elements(card) if el.get("type") == "Input.Toggle")["id"]
    await bot.channel.send(teacher, text="", value={"answer": "vulnerability", toggle: "true"})
    await bot.channel.send(teacher, NB("leadership.offer.value", pupil="Ole", group="5B"))
    await bot.channel.wait_for(leader.conversation_id, before + 1)
    report = texts(bot.channel, leader)[-1]
    first_item = next(s for s in MAPPING.sections if s.style == "table").items[0].text
    assert NB("triage.leadership.mapping") in report
    assert first_item in report
    assert NB("triage.leadership.unsafe") in report
