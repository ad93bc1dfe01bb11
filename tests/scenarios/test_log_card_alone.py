"""The log card carries its own question (issue 15): «Loggfør Ole» sends the one-card form and
no text bubble above it; a typed answer beside the card still goes on question by question."""

from __future__ import annotations

from typing import Any

import pytest

from content.i18n import Translator
from devkit.local_channel import Exchange, User
from tests.harness import RunningBot
from tests.scenarios.test_log_contact import open_case

NB = Translator("nb")


def card_of(exchange: Exchange) -> dict[str, Any]:
    (reply,) = exchange.replies
    (attachment,) = reply["attachments"]
    return attachment["content"]


def suggested(exchange: Exchange) -> list[str]:
    return [
        action["title"]
        for reply in exchange.replies
        for action in (reply.get("suggestedActions") or {}).get("actions", [])
    ]


async def test_the_log_button_sends_one_card_and_no_text_bubble(
    bot: RunningBot, teacher: User
) -> None:
    await open_case(bot, teacher)
    shown = await bot.channel.send(teacher, NB("button.log.value", pupil="Ole"))
    assert [reply.get("text") for reply in shown.replies] == [None]
    card = card_of(shown)
    (date_input,) = [item for item in card["body"] if item.get("id") == "contact_date"]
    assert date_input["label"] == NB("slot.contact_date.ask")  # the card asks the question
    # Those who type keep the first question's buttons beside the card.
    assert suggested(shown) == [NB("slot.contact_date.today"), NB("slot.contact_date.yesterday")]


TYPED_FIRST_ANSWERS = [
    (NB("slot.contact_date.today"), NB("slot.reason.ask")),
    ("i går", NB("slot.reason.ask")),
    ("tirsdag", NB("slot.reason.ask")),
    ("vet ikke", NB("slot.contact_date.retry")),
]


@pytest.mark.parametrize(("typed", "reply"), TYPED_FIRST_ANSWERS)
async def test_a_typed_answer_beside_the_card_goes_on_question_by_question(
    bot: RunningBot, teacher: User, typed: str, reply: str
) -> None:
    await open_case(bot, teacher)
    await bot.channel.send(teacher, NB("button.log.value", pupil="Ole"))
    assert (await bot.channel.send(teacher, typed)).text == reply
