"""Reporting absence: the criteria of guide 1.3, the procedure of 1.2, and a level-0 case."""

from __future__ import annotations

from content.i18n import Translator
from content.loader import guide
from devkit.local_channel import User
from tests.harness import RunningBot
from tests.scenarios.conftest import oslo
from tests.scenarios.records import cases, deadlines

NB = Translator("nb")
LADDER = guide().ladder


async def test_five_day_alert_not_travel_opens_level_0_contact_today(
    bot: RunningBot, teacher: User, database_url: str
) -> None:
    question = await bot.channel.send(teacher, "Ole i 5B har vært borte 5 dager")
    assert question.text == NB("slot.known_travel.ask")
    answer = await bot.channel.send(teacher, "nei")

    (case,) = cases(database_url)
    assert (case.pupil_name, case.group_name, case.level, case.status) == ("Ole", "5B", 0, "open")
    assert case.criteria == ["visma_alert"]
    assert case.owner_aad_id == teacher.aad_object_id
    (deadline,) = deadlines(database_url, case.id)
    assert deadline.kind == "contact_guardians"
    assert deadline.due_at == oslo(2026, 11, 26, 15, 0)
    assert "innen i dag, torsdag 26. november kl. 15.00" in answer.text
    why = await bot.channel.send(teacher, NB("report.why.value", pupil="Ole"))
    assert LADDER.criterion("visma_alert").quote in why.text
    assert len(answer.text) <= 350
    titles = [a["title"] for a in answer.replies[0]["suggestedActions"]["actions"]]
    assert NB("button.template.fravaersmelding", pupil="Ole") in titles
    assert NB("button.log.value", pupil="Ole") in titles


async def test_known_travel_is_not_concerning_and_stores_nothing(
    bot: RunningBot, teacher: User, database_url: str
) -> None:
    await bot.channel.send(teacher, "Ole i 5B har vært borte 5 dager")
    answer = await bot.channel.send(teacher, "ja")
    assert LADDER.travel_exception in answer.text
    assert "2.8" in answer.text
    assert cases(database_url) == []


async def test_travel_named_in_the_first_message_asks_nothing(
    bot: RunningBot, teacher: User, database_url: str
) -> None:
    answer = await bot.channel.send(teacher, "Ole i 5B er på ferie i Spania, borte 5 dager")
    assert LADDER.travel_exception in answer.text
    assert cases(database_url) == []


async def test_late_four_times_this_month_is_concerning(
    bot: RunningBot, teacher: User, database_url: str
) -> None:
    answer = await bot.channel.send(
        teacher, "Mia i 6A har kommet for sent fire ganger denne måneden"
    )
    (case,) = cases(database_url)
    assert case.criteria == ["late_arrivals"]
    assert answer.text.startswith(
        NB("report.case.new", pupil="Mia", group="6A", level=0, name=LADDER.level(0).name)
    )
    why = await bot.channel.send(teacher, NB("report.why.value", pupil="Mia"))
    assert LADDER.criterion("late_arrivals").quote in why.text


async def test_late_three_times_is_not(bot: RunningBot, teacher: User, database_url: str) -> None:
    await bot.channel.send(teacher, "Mia i 6A har kommet for sent tre ganger denne måneden")
    assert cases(database_url) == []


async def test_other_code_asks_the_cause_today(
    bot: RunningBot, teacher: User, database_url: str
) -> None:
    answer = await bot.channel.send(teacher, "Per i 7C har fravær med koden Annet i dag")
    (case,) = cases(database_url)
    kinds = {d.kind: d.due_at for d in deadlines(database_url, case.id)}
    assert kinds == {"ask_other_code_cause": oslo(2026, 11, 26, 15, 0)}
    assert NB("deadline.ask_other_code_cause") in answer.text


async def test_the_slots_are_asked_one_by_one_when_the_message_says_little(
    bot: RunningBot, teacher: User, database_url: str
) -> None:
    assert (await bot.channel.send(teacher, "eleven har vært borte 5 dager")).text == NB(
        "slot.pupil.ask"
    )
    assert (await bot.channel.send(teacher, "Ole")).text == NB("slot.group.ask", pupil="Ole")
    retry = await bot.channel.send(teacher, "vet ikke")
    assert retry.text == NB("slot.group.retry")
    assert (await bot.channel.send(teacher, "5b")).text == NB("slot.known_travel.ask")
    await bot.channel.send(teacher, "nei")
    (case,) = cases(database_url)
    assert (case.pupil_name, case.group_name) == ("Ole", "5B")


async def test_unsafe_environment_words_bring_the_kap_12_notice(
    bot: RunningBot, teacher: User, database_url: str
) -> None:
    answer = await bot.channel.send(
        teacher, "Ida i 4B har vært borte 3 dager på rad, hun sier hun blir mobbet"
    )
    if answer.text == NB("slot.visma_alert.ask"):
        answer = await bot.channel.send(teacher, "nei")
    if answer.text == NB("slot.documented.ask"):
        answer = await bot.channel.send(teacher, "ja")
    (case,) = cases(database_url)
    assert case.unsafe_environment is True
    assert "kapittel 12" in answer.text
    assert LADDER.unsafe_environment in answer.text


async def test_a_second_report_continues_the_open_case(
    bot: RunningBot, teacher: User, database_url: str
) -> None:
    await bot.channel.send(teacher, "Ole i 5B har vært borte 5 dager")
    await bot.channel.send(teacher, "nei")
    answer = await bot.channel.send(teacher, "Ole i 5B har kommet for sent fire ganger denne uka")
    (case,) = cases(database_url)
    assert sorted(case.criteria) == ["late_arrivals", "visma_alert"]
    assert answer.text.startswith(NB("report.case.continued", pupil="Ole", group="5B", level=0,
                                     name=LADDER.level(0).name))  # fmt: skip
    assert [d.kind for d in deadlines(database_url, case.id) if d.status == "open"] == [
        "contact_guardians"
    ]
