"""The guide's single-turn answers and the template conversation, through the TestAdapter.

Expected texts are rendered through the same content functions, never copied in here.
"""

from __future__ import annotations

import pytest

from casework.services import Services
from content.answers import ladder_overview, level_details, month_tasks, procedure_parts
from content.cards import render_card
from content.i18n import Translator
from content.loader import guide
from content.render import render_template
from tests.dialogs.dialog_harness import DialogHarness, buttons

NB = Translator("nb")


async def test_ladder_overview_with_a_button_per_level(services: Services) -> None:
    (reply,) = await DialogHarness(services).say("vis tiltakstrappa")
    card = reply.attachments[0].content
    assert card == render_card("ladder_overview", ladder_overview(guide(), NB))
    assert [a["data"] for a in card["actions"]] == [
        {"intent": "explain_ladder", "level": n} for n in range(4)
    ]
    assert guide().ladder.unsafe_environment in reply.summary


@pytest.mark.parametrize(("text", "level"), [("hva er nivå 2?", 2), ("kva krev nivå 0", 0)])
async def test_one_level_explained(services: Services, text: str, level: int) -> None:
    (reply,) = await DialogHarness(services).say(text)
    assert reply.attachments[0].content == render_card(
        "ladder_level", level_details(guide(), level, NB)
    )
    for action in guide().ladder.level(level).actions:
        assert action in reply.summary


async def test_procedure_in_two_phone_sized_messages(services: Services) -> None:
    replies = await DialogHarness(services).say("hva er fraværsprosedyren?")
    assert [r.text for r in replies] == procedure_parts(guide(), NB)
    assert all(len(r.text) <= 1200 for r in replies)


async def test_annual_wheel_for_a_named_month_and_for_now(services: Services) -> None:
    harness = DialogHarness(services)
    (january,) = await harness.say("hva står på årshjulet i januar?")
    assert january.text == month_tasks(guide(), 1, NB)
    (now,) = await harness.say("årshjulet denne måneden")
    assert now.text == month_tasks(guide(), 11, NB)  # the fixed clock says November


async def test_a_level_button_on_the_overview_card_opens_that_level(services: Services) -> None:
    (reply,) = await DialogHarness(services).say(value={"intent": "explain_ladder", "level": 3})
    assert guide().ladder.level(3).name in reply.summary


async def test_template_named_in_the_first_message_is_filled(services: Services) -> None:
    (reply,) = await DialogHarness(services).say("malen for telefonsamtalen for Ole")
    assert reply.text == render_template(guide(), "telefonsamtale", {"pupil": "Ole"})


async def test_template_asked_for_then_chosen_after_a_wrong_answer(services: Services) -> None:
    harness = DialogHarness(services)
    (menu,) = await harness.say("vis maler")
    assert guide().template("samarbeidsavtale").title in menu.text
    assert len(buttons(menu)) == 6
    (retry,) = await harness.say("noe helt annet")
    assert retry.text == NB("templates.reask")
    (chosen,) = await harness.say(buttons(menu)[0])
    assert chosen.text.startswith("2.")


async def test_unspecified_undringssamtale_offers_both_forms(services: Services) -> None:
    harness = DialogHarness(services)
    (question,) = await harness.say("undringssamtale")
    assert question.text == NB("templates.which_undringssamtale")
    assert len(buttons(question)) == 2
    (form,) = await harness.say(buttons(question)[1])
    assert form.text == render_template(guide(), "undringssamtale_2")


async def test_cancel_leaves_the_prompt(services: Services) -> None:
    harness = DialogHarness(services)
    await harness.say("vis maler")
    (cancelled,) = await harness.say("avbryt")
    assert cancelled.text == NB("cancel.done")
    (reply,) = await harness.say("hjelp")
    assert reply.text == NB("help.text")


@pytest.mark.parametrize(
    ("locale", "language"), [("nn-NO", "nn"), ("en-US", "nb"), ("nb-NO", "nb")]
)
async def test_help_in_the_users_language(services: Services, locale: str, language: str) -> None:
    """The school's bokmål for en-US (issue 15: many staff run Teams in English); nn-NO kept."""
    (reply,) = await DialogHarness(services, locale).say("hjelp")
    assert reply.text == Translator(language)("help.text")


async def test_unknown_says_what_the_bot_does(services: Services) -> None:
    (reply,) = await DialogHarness(services).say("bestill pizza til fredag")
    assert reply.text == NB("unknown.text")
    assert NB("button.report.value") in buttons(reply)
