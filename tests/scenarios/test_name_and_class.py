"""Name and class in one answer (issue 15): «Ole 5B» to «which pupil?» fills both, so the class
question is skipped; a name alone still asks the class."""

from __future__ import annotations

import re

import pytest

from content.i18n import Translator
from devkit.local_channel import User
from tests.harness import RunningBot
from tests.scenarios.records import cases

NB, NN = Translator("nb"), Translator("nn")

BOTH = [
    ("Ole 5B", "Ole", "5B"),
    ("Ole i 5B", "Ole", "5B"),
    ("Ole, 5B", "Ole", "5B"),
    ("ole 8b", "Ole", "8B"),
    ("Kari Nordmann 10A", "Kari", "10A"),  # the bot keeps the first name only
    ("Åse på 3. trinn", "Åse", "3"),
    ("Ole går i 5B.", "Ole", "5B"),
    ("Zyx 5B", "Zyx", "5B"),  # a name the bot does not know, beside a class
    ("Anne-Marie i 4C", "Anne-Marie", "4C"),
]


@pytest.mark.parametrize(("answer", "pupil", "group"), BOTH)
async def test_name_and_class_in_one_answer_skip_the_class_question(
    bot: RunningBot, teacher: User, database_url: str, answer: str, pupil: str, group: str
) -> None:
    asked = await bot.channel.send(teacher, "eleven har vært borte 5 dager")
    assert asked.text == NB("slot.pupil.ask")
    assert (await bot.channel.send(teacher, answer)).text == NB("slot.known_travel.ask")
    await bot.channel.send(teacher, "nei")
    (case,) = cases(database_url)
    assert (case.pupil_name, case.group_name) == (pupil, group)


NAME_ONLY = [
    ("Ole", "Ole"),
    ("Ole Bull", "Ole"),  # a second word without a digit is a surname, not a class
    ("Ole VG1", "Ole"),  # videregående: not a class of a grunnskole (1–10)
    ("Mia 11A", "Mia"),  # no 11th grade
    ("Ole 5 dager", "Ole"),
]


@pytest.mark.parametrize(("answer", "pupil"), NAME_ONLY)
async def test_a_name_without_a_class_still_asks_the_class(
    bot: RunningBot, teacher: User, database_url: str, answer: str, pupil: str
) -> None:
    await bot.channel.send(teacher, "eleven har vært borte 5 dager")
    assert (await bot.channel.send(teacher, answer)).text == NB("slot.group.ask", pupil=pupil)
    assert (await bot.channel.send(teacher, "5B")).text == NB("slot.known_travel.ask")


@pytest.mark.parametrize("language", [NB, NN], ids=["nb", "nn"])
async def test_the_example_the_question_gives_answers_both(
    bot: RunningBot, teacher: User, database_url: str, language: Translator
) -> None:
    """What the pupil question invites («Ole 5B») is understood as the name and the class."""
    if language is NN:
        await bot.channel.send(teacher, "snakk nynorsk")
    asked = await bot.channel.send(teacher, "eleven har vært borte 5 dager")
    assert asked.text == language("slot.pupil.ask")
    (example,) = re.findall(r"«([^»]+)»", asked.text)
    assert (await bot.channel.send(teacher, example)).text == language("slot.known_travel.ask")


@pytest.mark.parametrize(
    "first", ["Ole i 5B har vært borte 5 dager", "Ole 5B har vært borte 5 dager"]
)
async def test_a_first_message_with_name_and_class_asks_neither(
    bot: RunningBot, teacher: User, first: str
) -> None:
    assert (await bot.channel.send(teacher, first)).text == NB("slot.known_travel.ask")


async def test_a_case_question_takes_name_and_class_in_one_answer(
    bot: RunningBot, teacher: User
) -> None:
    """Two pupils called Ole: «Ole 5B» to «which pupil?» picks the case, no class question."""
    for report in ("Ole i 5B har vært borte 5 dager", "Ole i 6A har vært borte 5 dager"):
        await bot.channel.send(teacher, report)
        await bot.channel.send(teacher, "nei")
    assert (await bot.channel.send(teacher, "hvor står saken?")).text == NB("slot.case_pupil.ask")
    status = await bot.channel.send(teacher, "Ole 6A")
    assert NB("status.title", pupil="Ole", group="6A") in status.searchable
