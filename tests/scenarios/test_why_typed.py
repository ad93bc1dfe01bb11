"""«hvorfor?» without a name (issue 15): the case the conversation last talked about, if the
user may still see it; otherwise, or after several cases, the bot asks which pupil."""

from __future__ import annotations

import pytest

from content.i18n import Translator
from content.loader import guide
from devkit.local_channel import User
from tests.harness import RunningBot
from tests.scenarios.test_log_contact import open_case

NB = Translator("nb")
LADDER = guide().ladder
PER = User("aad-per", "Per Hansen")


def why_intro(pupil: str, group: str) -> str:
    return NB("report.why.intro", pupil=pupil, group=group)


WHY = ["hvorfor?", "hvorfor det?", "Hvorfor", "hvorfor da?", "kvifor?", "kvifor det?"]


@pytest.mark.parametrize("typed", WHY)
async def test_why_explains_the_case_just_opened(
    bot: RunningBot, teacher: User, typed: str
) -> None:
    await open_case(bot, teacher)
    why = await bot.channel.send(teacher, typed)
    assert why.text.startswith(why_intro("Ole", "5B"))
    assert LADDER.criterion("visma_alert").quote in why.text


async def test_why_explains_the_last_case_talked_about(bot: RunningBot, teacher: User) -> None:
    await open_case(bot, teacher)
    await bot.channel.send(teacher, "Mia i 6A har kommet for sent fire ganger denne måneden")
    assert (await bot.channel.send(teacher, "hvorfor?")).text.startswith(why_intro("Mia", "6A"))
    await bot.channel.send(teacher, "hvor står saken til Ole?")
    assert (await bot.channel.send(teacher, "hvorfor?")).text.startswith(why_intro("Ole", "5B"))


async def test_why_with_no_case_in_the_conversation_asks_which_pupil(
    bot: RunningBot, teacher: User
) -> None:
    asked = await bot.channel.send(teacher, "hvorfor?")
    assert asked.text == NB("slot.case_pupil.ask")
    assert (await bot.channel.send(teacher, "Ole")).text == NB("case.not_found", pupil="Ole")


async def test_why_after_a_list_of_cases_asks_which_pupil(bot: RunningBot, teacher: User) -> None:
    await open_case(bot, teacher)
    await bot.channel.send(teacher, "Mia i 6A har kommet for sent fire ganger denne måneden")
    await bot.channel.send(teacher, "vis sakene mine")
    assert (await bot.channel.send(teacher, "hvorfor?")).text == NB("slot.case_pupil.ask")
    why = await bot.channel.send(teacher, "Ole")
    assert why.text.startswith(why_intro("Ole", "5B"))


async def test_why_after_a_report_without_a_case_of_ones_own_asks_which_pupil(
    bot: RunningBot, teacher: User
) -> None:
    await open_case(bot, teacher)
    await bot.channel.send(teacher, "Mia i 6A er på ferie i Spania, borte 5 dager")  # no case
    assert (await bot.channel.send(teacher, "hvorfor?")).text == NB("slot.case_pupil.ask")


async def test_why_about_a_case_handed_over_asks_which_pupil(
    bot: RunningBot, teacher: User
) -> None:
    await bot.channel.send(PER, "hei")  # Per is known to the bot, so the case can go to him
    await open_case(bot, teacher)
    await bot.channel.send(teacher, "overfør saken til Ole til Per Hansen")
    assert (await bot.channel.send(teacher, "hvorfor?")).text == NB("slot.case_pupil.ask")
    assert (await bot.channel.send(teacher, "Ole")).text == NB("case.not_found", pupil="Ole")


async def test_why_typed_as_an_answer_inside_a_form_is_not_taken_as_a_request(
    bot: RunningBot, teacher: User
) -> None:
    await bot.channel.send(teacher, "Ole i 5B har vært borte 5 dager")
    assert (await bot.channel.send(teacher, "hvorfor?")).text == NB("slot.known_travel.retry")
