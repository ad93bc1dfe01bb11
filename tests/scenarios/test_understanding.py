"""Issue 16 over real HTTP: «Mente du …» when the recognizer is unsure, the main tasks when it
does not understand, and a question typed while a form waits for its answer."""

from __future__ import annotations

from typing import Any

from content.i18n import Translator
from content.nlu import recognize
from devkit.local_channel import User
from tests.harness import RunningBot
from tests.scenarios.records import cases

NB = Translator("nb")
AMBIGUOUS = "vi skal ha møte med foreldrene til Aksel om fraværet"


def actions(exchange: Any) -> list[dict[str, Any]]:
    return [
        action
        for reply in exchange.replies
        for action in (reply.get("suggestedActions") or {}).get("actions", [])
    ]


def titles(exchange: Any) -> list[str]:
    return [action["title"] for action in actions(exchange)]


async def test_an_unsure_message_offers_its_likely_meanings_and_routes_a_choice_with_its_entities(
    bot: RunningBot, teacher: User
) -> None:
    assert recognize(AMBIGUOUS).unsure  # the premise: two meanings score alike
    asked = await bot.channel.send(teacher, AMBIGUOUS)

    assert asked.text == NB("clarify.ask")
    offered = titles(asked)
    assert NB("intent.title.attendance_meeting") in offered
    assert NB("intent.title.log_contact") in offered
    assert offered[-1] == NB("clarify.other")
    assert all(action["title"] == action["value"] for action in actions(asked))

    # The emulator sends the button's title as typed text; the pupil is not asked again.
    chosen = await bot.channel.send(teacher, NB("intent.title.log_contact"))
    assert NB("slot.pupil.ask") not in chosen.texts
    assert "Aksel" in chosen.searchable


async def test_something_else_and_the_unknown_answer_offer_the_main_tasks(
    bot: RunningBot, teacher: User
) -> None:
    await bot.channel.send(teacher, AMBIGUOUS)
    other = await bot.channel.send(teacher, NB("clarify.other"))
    assert other.text == NB("clarify.other.answer")
    assert NB("intent.title.report_absence") in titles(other)

    unknown = await bot.channel.send(teacher, "hvem vant kampen i går")
    assert unknown.text == NB("unknown.text")
    assert NB("intent.title.explain_ladder") in titles(unknown)
    assert all(action["title"] == action["value"] for action in actions(unknown))

    ladder = await bot.channel.send(teacher, NB("intent.title.explain_ladder"))
    assert "Nivå 2" in ladder.searchable or "nivå 2" in ladder.searchable


async def test_a_new_message_instead_of_a_choice_is_routed_afresh(
    bot: RunningBot, teacher: User
) -> None:
    await bot.channel.send(teacher, AMBIGUOUS)
    thanks = await bot.channel.send(teacher, "tusen takk")
    assert thanks.text == NB("greeting.text")


async def test_a_question_inside_a_form_is_answered_and_the_form_asks_again(
    bot: RunningBot, teacher: User, database_url: str
) -> None:
    question = await bot.channel.send(teacher, "Ole i 5B har vært borte 5 dager")
    assert question.text == NB("slot.known_travel.ask")

    answered = await bot.channel.send(teacher, "hva er nivå 2?")
    assert "nivå 2" in answered.searchable.lower()
    assert answered.texts[-1] == NB("slot.known_travel.ask")  # the form continues
    assert cases(database_url) == []

    await bot.channel.send(teacher, "nei")
    (case,) = cases(database_url)
    assert (case.pupil_name, case.group_name) == ("Ole", "5B")


async def test_vis_malen_inside_a_form_is_offered_and_the_form_asks_again_after_it(
    bot: RunningBot, teacher: User
) -> None:
    asked = await bot.channel.send(teacher, "eleven har vært borte 5 dager")
    assert asked.text == NB("slot.pupil.ask")
    menu = await bot.channel.send(teacher, "vis malen")
    assert menu.text != NB("slot.pupil.ask")  # the template menu, not a retry
    shown = await bot.channel.send(teacher, "telefonsamtalen")
    assert shown.texts[-1] == NB("slot.pupil.ask")
    answered = await bot.channel.send(teacher, "Oskar")
    assert answered.text != NB("slot.pupil.ask")
    assert "Oskar" in answered.searchable


async def test_no_and_weekdays_are_not_taken_as_the_pupils_name(
    bot: RunningBot, teacher: User
) -> None:
    asked = await bot.channel.send(teacher, "eleven har vært borte 5 dager")
    assert asked.text == NB("slot.pupil.ask")
    for answer in ("Nei", "tirsdag", "Mars"):
        again = await bot.channel.send(teacher, answer)
        assert again.text == NB("slot.pupil.retry")
