"""The escalation's measure and who is responsible on one card (issue 15): the user's Teams name
filled in as responsible, the typed validators on submit with the error shown on the card and
everything typed kept, one press one level change; level 2's mapping card still follows, and
typing beside the card still goes question by question."""

from __future__ import annotations

from typing import Any

import pytest

from content.cards import CONTENT_TYPE, card_as_text
from content.i18n import Translator
from devkit.local_channel import Exchange, User
from storage.models import Case, Measure
from tests.harness import RunningBot
from tests.scenarios.records import audit, cases, deadlines, rows
from tests.scenarios.schools import card_elements
from tests.scenarios.test_log_contact import valid_national_id
from tests.teams.cards import actions, cards_of, inputs, pressed

NB = Translator("nb")
SAVE, NEXT = NB("button.save"), NB("cardforms.escalate.next")


async def the_card(
    bot: RunningBot, teacher: User, database_url: str, level: int = 1
) -> tuple[Case, Exchange, dict[str, Any]]:
    await bot.channel.send(teacher, "Ole i 5B har vært borte 5 dager")
    await bot.channel.send(teacher, "nei")
    shown = await bot.channel.send(teacher, f"løft saken til Ole til nivå {level}")
    (case,) = cases(database_url)
    (_reply, card) = cards_of(shown)[-1]
    return case, shown, card


def level_changes(database_url: str) -> list[Any]:
    return [e.detail for e in audit(database_url) if e.action == "case.level"]


def said(replies: list[dict[str, Any]]) -> str:
    return "\n".join(reply.get("text") or "" for reply in replies)


async def test_the_measure_and_the_responsible_are_one_card_with_the_users_name(
    bot: RunningBot, teacher: User, database_url: str
) -> None:
    case, shown, card = await the_card(bot, teacher, database_url)
    assert shown.text == NB("slot.measure.ask", pupil="Ole")  # the typed path's question
    fields = inputs(card)
    assert set(fields) == {"measure", "responsible"}
    assert fields["measure"].get("value", "") == ""
    assert fields["responsible"]["value"] == "Kari Lærer"
    (save,) = actions(card)
    assert save["type"] == "Action.Execute" and save["verb"] and save["title"] == SAVE
    assert save["data"]["case_id"] == case.id
    assert (save["data"]["intent"], save["data"]["level"]) == ("escalate", 1)
    assert save["fallback"]["type"] == "Action.Submit"
    assert save["fallback"]["data"] == save["data"]


async def test_level_1_is_saved_in_one_press(
    bot: RunningBot, teacher: User, database_url: str
) -> None:
    case, _, card = await the_card(bot, teacher, database_url)
    verb, data = pressed(card, SAVE, measure="Samtale hver mandag", responsible="Per Hansen")
    answered = await bot.channel.invoke(teacher, verb, data)
    assert answered.status == 200
    assert answered.body["statusCode"] == 200 and answered.body["type"] == CONTENT_TYPE
    assert answered.card is not None
    assert NB("cards.log.saved") in card_as_text(answered.card)
    assert "Samtale hver mandag" in card_as_text(answered.card)
    assert actions(answered.card) == [] and inputs(answered.card) == {}
    (stored,) = cases(database_url)
    assert stored.level == 1
    assert level_changes(database_url) == [{"before": 0, "after": 1}]
    (measure,) = rows(database_url, Measure)
    assert (measure.description, measure.responsible) == ("Samtale hver mandag", "Per Hansen")
    kinds = {d.kind for d in deadlines(database_url, case.id) if d.status == "open"}
    assert "evaluate_measures" in kinds
    assert NB("escalate.done", pupil="Ole", group="5B", level=1, name="x")[:12] in said(
        answered.replies
    )


async def test_level_2_takes_the_card_then_asks_the_mapping_on_its_own_card(
    bot: RunningBot, teacher: User, database_url: str
) -> None:
    _case, _, card = await the_card(bot, teacher, database_url, level=2)
    verb, data = pressed(card, NEXT, measure="Fast voksen tar imot")
    answered = await bot.channel.invoke(teacher, verb, data)
    assert answered.card is not None
    assert NB("cardforms.escalate.taken") in card_as_text(answered.card)
    assert actions(answered.card) == []
    mapping = next(r for r in answered.replies if r.get("attachments"))
    content = mapping["attachments"][0]["content"]
    toggle = next(el for el in card_elements(content) if el.get("type") == "Input.Toggle")["id"]
    assert rows(database_url, Measure) == [] and level_changes(database_url) == []

    await bot.channel.send(teacher, text="", value={"answer": "vulnerability", toggle: "true"})
    (stored,) = cases(database_url)
    assert stored.level == 2
    assert level_changes(database_url) == [{"before": 0, "after": 2}]
    (measure,) = rows(database_url, Measure)
    assert (measure.description, measure.responsible) == ("Fast voksen tar imot", "Kari Lærer")


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ({"measure": ""}, "slot.measure.retry"),
        ({"measure": "Fast voksen", "responsible": ""}, "slot.responsible.retry"),
        ({"measure": "Fast voksen", "responsible": "K" * 101}, "trust.too_long"),
        ({"measure": f"Ring {valid_national_id()}"}, "privacy.national_id"),
    ],
)
async def test_an_invalid_card_comes_back_with_the_error_and_everything_kept(
    bot: RunningBot, teacher: User, database_url: str, typed: dict[str, str], error: str
) -> None:
    _case, _, card = await the_card(bot, teacher, database_url)
    verb, data = pressed(card, SAVE, **typed)
    answered = await bot.channel.invoke(teacher, verb, data)
    assert answered.status == 200
    again = answered.card
    assert again is not None
    assert NB(error).split("{")[0][:40] in card_as_text(again)
    fields = inputs(again)
    for name, value in typed.items():
        assert fields[name]["value"] == value
    assert [a["title"] for a in actions(again)] == [SAVE]
    assert rows(database_url, Measure) == [] and cases(database_url)[0].level == 0

    verb, data = pressed(again, SAVE, measure="Fast voksen", responsible="Per Hansen")
    saved = await bot.channel.invoke(teacher, verb, data)
    assert saved.card is not None and NB("cards.log.saved") in card_as_text(saved.card)
    assert cases(database_url)[0].level == 1


async def test_the_submit_fallback_sends_the_card_again_with_the_error(
    bot: RunningBot, teacher: User, database_url: str
) -> None:
    _case, _, card = await the_card(bot, teacher, database_url)
    _, data = pressed(card, SAVE, measure="", responsible="Per Hansen")
    sent = await bot.channel.send(teacher, text=None, value=data, replyToId="reply-measure")
    (_, again) = cards_of(sent)[-1]
    assert NB("slot.measure.retry") in card_as_text(again)
    assert inputs(again)["responsible"]["value"] == "Per Hansen"

    _, data = pressed(again, SAVE, measure="Samtale hver mandag")
    await bot.channel.send(teacher, text=None, value=data, replyToId="reply-measure-2")
    assert cases(database_url)[0].level == 1
    (update,) = [u for u in bot.channel.updates if u[1] == "reply-measure-2"]
    (attachment,) = update[2]["attachments"]
    assert NB("cards.log.saved") in card_as_text(attachment["content"])


async def test_the_same_card_pressed_twice_changes_the_level_once(
    bot: RunningBot, teacher: User, database_url: str
) -> None:
    _case, _, card = await the_card(bot, teacher, database_url)
    verb, data = pressed(card, SAVE, measure="Samtale hver mandag")
    await bot.channel.invoke(teacher, verb, data)
    again = await bot.channel.invoke(teacher, verb, data)
    assert again.status == 200 and again.card is not None
    assert NB("cards.log.already_saved") in card_as_text(again.card)
    assert actions(again.card) == []
    assert NB("trust.already_saved") in said(again.replies)
    assert len(rows(database_url, Measure)) == 1
    assert level_changes(database_url) == [{"before": 0, "after": 1}]


async def test_a_card_replayed_by_a_user_who_may_not_see_the_case_changes_nothing(
    bot: RunningBot, teacher: User, database_url: str
) -> None:
    _case, _, card = await the_card(bot, teacher, database_url)
    verb, data = pressed(card, SAVE, measure="Samtale hver mandag")
    answered = await bot.channel.invoke(User("aad-per", "Per Annenlærer"), verb, data)
    assert answered.card is None
    assert answered.body["value"] == NB("case.not_found", pupil="")
    assert rows(database_url, Measure) == [] and cases(database_url)[0].level == 0


async def test_typing_beside_the_card_goes_on_question_by_question(
    bot: RunningBot, teacher: User, database_url: str
) -> None:
    await the_card(bot, teacher, database_url)
    asked = await bot.channel.send(teacher, "Samtale hver mandag")
    assert asked.text == NB("slot.responsible.ask", pupil="Ole")
    assert cards_of(asked) == []
    await bot.channel.send(teacher, "Kari Lærer")
    assert cases(database_url)[0].level == 1
