"""Escalation, evaluation, status and closing: the ladder of guide 1.3 as conversations."""

from __future__ import annotations

from content.clock import FixedClock
from content.i18n import Translator
from content.loader import guide
from devkit.local_channel import User
from storage.models import Measure
from tests.harness import RunningBot
from tests.scenarios.conftest import oslo
from tests.scenarios.records import audit, cases, deadlines, log_entries, rows
from tests.scenarios.schools import card_elements

NB = Translator("nb")


async def open_case(
    bot: RunningBot, teacher: User, text: str = "Ole i 5B har vært borte 5 dager"
) -> None:
    await bot.channel.send(teacher, text)
    await bot.channel.send(teacher, "nei")


def open_deadlines(database_url: str, case_id: int) -> dict[str, object]:
    return {d.kind: d.due_at for d in deadlines(database_url, case_id) if d.status == "open"}


async def test_escalate_to_2_on_a_friday(
    bot: RunningBot, teacher: User, clock: FixedClock, database_url: str
) -> None:
    clock.set(oslo(2026, 11, 27, 9, 0))  # Friday
    await open_case(bot, teacher)
    ask = await bot.channel.send(teacher, "løft saken til Ole til nivå 2")
    assert ask.text == NB("slot.measure.ask", pupil="Ole")
    assert "{" not in ask.text and "Ole" in ask.text  # not the meeting's «Tiltak {number}»
    await bot.channel.send(teacher, "Fast voksen tar imot hver morgen")
    mapping = await bot.channel.send(teacher, "Kari Lærer")
    card = mapping.replies[0]["attachments"][0]["content"]
    assert card["type"] == "AdaptiveCard"
    toggles = [el for el in card_elements(card) if el.get("type") == "Input.Toggle"]
    assert len(toggles) == sum(
        len(s.items)
        for s in guide().template("kartlegging_sarbarhet").sections
        if s.style == "table"
    )
    first, second = toggles[0]["id"], toggles[3]["id"]
    done = await bot.channel.send(
        teacher,
        text="",
        value={
            "answer": "vulnerability",
            first: "true",
            second: "true",
            f"comment_{first[5:]}": "Trekker seg unna i friminuttene",
        },
    )
    (case,) = cases(database_url)
    assert case.level == 2
    assert open_deadlines(database_url, case.id) == {
        "contact_guardians": oslo(2026, 11, 27, 15, 0),
        "report_to_leadership": oslo(2026, 12, 4, 15, 0),
        "evaluate_measures": oslo(2026, 12, 18, 15, 0),
    }
    (measure,) = rows(database_url, Measure)
    assert (measure.description, measure.responsible) == (
        "Fast voksen tar imot hver morgen",
        "Kari Lærer",
    )
    (mapping_log,) = log_entries(database_url, case.id)
    assert mapping_log.kind == "pupil_log"
    assert "Trekker seg unna i friminuttene" in mapping_log.next_steps
    assert "fredag 4. desember" in done.text and "fredag 18. desember" in done.text
    assert [e.detail for e in audit(database_url) if e.action == "case.level"] == [
        {"before": 0, "after": 2}
    ]


async def test_three_weeks_across_christmas_are_fifteen_school_days(
    bot: RunningBot, teacher: User, clock: FixedClock, database_url: str
) -> None:
    clock.set(oslo(2026, 12, 7, 10, 0))  # Monday; 9 school days before Christmas, 6 after
    await open_case(bot, teacher)
    for text in ("løft saken til Ole til nivå 1", "Samtale hver mandag", "Kari Lærer"):
        await bot.channel.send(teacher, text)
    (case,) = cases(database_url)
    assert case.level == 1
    assert open_deadlines(database_url, case.id)["evaluate_measures"] == oslo(2027, 1, 11, 15, 0)


async def test_level_3_asks_for_the_services(
    bot: RunningBot, teacher: User, database_url: str
) -> None:
    await open_case(bot, teacher)
    # From level 0, level 2's steps come first (issue 14: the ladder's order is followed).
    for text in ("løft saken til Ole til nivå 3", "Fast voksen", "Kari Lærer", "hopp over"):
        await bot.channel.send(teacher, text)
    ask = await bot.channel.send(teacher, "Teamet kartlegger på tirsdag")
    assert ask.text == NB("slot.partners.ask")
    await bot.channel.send(teacher, "PPT og BUP")
    (case,) = cases(database_url)
    assert case.level == 3
    assert open_deadlines(database_url, case.id)["start_interdisciplinary"] == oslo(
        2026, 12, 17, 15, 0
    )
    first, services = rows(database_url, Measure)
    assert first.description == "Fast voksen"
    assert "PPT" in services.description and "BUP" in services.description


async def test_evaluation_partly_plans_a_new_evaluation(
    bot: RunningBot, teacher: User, clock: FixedClock, database_url: str
) -> None:
    await open_case(bot, teacher)
    for text in ("løft saken til Ole til nivå 1", "Samtale hver mandag", "Kari Lærer"):
        await bot.channel.send(teacher, text)
    clock.set(oslo(2026, 12, 17, 9, 0))
    assert (await bot.channel.send(teacher, "evaluer tiltakene for Ole")).text == NB(
        "slot.outcome.ask", pupil="Ole"
    )
    await bot.channel.send(teacher, "Delvis")
    await bot.channel.send(teacher, "To samtaler i uka")
    saved = await bot.channel.send(teacher, "Foresatte er fornøyde")
    (case,) = cases(database_url)
    entries = log_entries(database_url, case.id)
    assert entries[-1].reason == NB("evaluate.reason", outcome=NB("slot.outcome.partly"))
    assert "To samtaler i uka" in entries[-1].next_steps
    assert open_deadlines(database_url, case.id)["evaluate_measures"] == oslo(2027, 1, 21, 15, 0)
    assert "To samtaler i uka" in saved.text


async def test_evaluation_not_improved_proposes_the_next_level(
    bot: RunningBot, teacher: User, database_url: str
) -> None:
    await open_case(bot, teacher)
    for text in ("løft saken til Ole til nivå 1", "Samtale", "Kari"):
        await bot.channel.send(teacher, text)
    for text in ("evaluer tiltakene for Ole", "Nei"):
        await bot.channel.send(teacher, text)
    saved = await bot.channel.send(teacher, "Ikke snakket med dem ennå")
    titles = [a["title"] for a in saved.replies[0]["suggestedActions"]["actions"]]
    assert titles == [NB("log.escalate_value", pupil="Ole", level=2)]
    (case,) = cases(database_url)
    assert "evaluate_measures" not in open_deadlines(database_url, case.id)


async def test_status_card_and_close_with_a_final_log_entry(
    bot: RunningBot, teacher: User, database_url: str
) -> None:
    await open_case(bot, teacher)
    status = await bot.channel.send(teacher, "hvor står saken til Ole?")
    card = status.replies[0]["attachments"][0]["content"]
    assert NB("deadline.contact_guardians") in status.text
    assert {a["data"]["intent"] for a in card["actions"]} >= {"log_contact", "close_case"}
    close = next(a["data"] for a in card["actions"] if a["data"]["intent"] == "close_case")
    assert (await bot.channel.send(teacher, text="", value=close)).text == NB(
        "slot.close_reason.ask", pupil="Ole"
    )
    await bot.channel.send(teacher, "Tilbake på skolen, normalt nærvær")
    await bot.channel.send(teacher, "Det var sykdom")
    done = await bot.channel.send(teacher, "ja")
    (case,) = cases(database_url)
    assert case.status == "closed" and case.closed_at is not None
    (final,) = log_entries(database_url, case.id)
    assert (final.reason, final.guardians_view) == (
        "Tilbake på skolen, normalt nærvær",
        "Det var sykdom",
    )
    assert open_deadlines(database_url, case.id) == {}
    assert done.text == NB("close.done", pupil="Ole", group="5B")
    assert "case.read" in [e.action for e in audit(database_url)]
