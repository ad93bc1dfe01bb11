"""The 3-week evaluation on one card (issue 15): whether the absence has gone down, what goes on,
what is adjusted and what pupil and guardians say, with the typed path's defaults filled; the
typed validators on submit, the error shown on the card with everything typed kept; one press
saves once; typing beside the card still goes question by question."""

from __future__ import annotations

from typing import Any

import pytest

from content.cards import CONTENT_TYPE, card_as_text
from content.clock import FixedClock
from content.i18n import Translator
from devkit.local_channel import Exchange, User
from storage.models import Case
from tests.harness import RunningBot
from tests.scenarios.conftest import oslo
from tests.scenarios.records import cases, deadlines, log_entries
from tests.scenarios.test_log_contact import valid_national_id
from tests.teams.cards import actions, cards_of, inputs, pressed

NB = Translator("nb")
SAVE = NB("button.save")


@pytest.fixture
async def evaluation(
    bot: RunningBot, teacher: User, clock: FixedClock, database_url: str
) -> tuple[Case, Exchange, dict[str, Any]]:
    await bot.channel.send(teacher, "Ole i 5B har vært borte 5 dager")
    await bot.channel.send(teacher, "nei")
    for text in ("løft saken til Ole til nivå 1", "Samtale hver mandag", "Kari Lærer"):
        await bot.channel.send(teacher, text)
    clock.set(oslo(2026, 12, 17, 9, 0))
    shown = await bot.channel.send(teacher, "evaluer tiltakene for Ole")
    (case,) = cases(database_url)
    (_reply, card) = cards_of(shown)[-1]
    return case, shown, card


def said(replies: list[dict[str, Any]]) -> str:
    return "\n".join(reply.get("text") or "" for reply in replies)


def open_evaluations(database_url: str, case_id: int) -> list[Any]:
    return [
        d.due_at
        for d in deadlines(database_url, case_id)
        if d.kind == "evaluate_measures" and d.status == "open"
    ]


async def test_the_evaluation_is_one_card_with_the_defaults_filled(
    evaluation: tuple[Case, Exchange, dict[str, Any]],
) -> None:
    case, shown, card = evaluation
    # The question stays the message's text, its answers the buttons, for those who type.
    assert shown.text == NB("slot.outcome.ask", pupil="Ole")
    (reply, _) = cards_of(shown)[-1]
    titles = [a["title"] for a in reply["suggestedActions"]["actions"]]
    assert titles == [NB(f"slot.outcome.{o}") for o in ("improved", "partly", "not_improved")]
    fields = inputs(card)
    assert set(fields) == {"outcome", "next", "adjustment", "note"}
    assert [(c["value"], c["title"]) for c in fields["outcome"]["choices"]] == [
        (o, NB(f"slot.outcome.{o}")) for o in ("improved", "partly", "not_improved")
    ]
    assert fields["outcome"].get("value", "") == ""  # no outcome is taken for granted
    assert [c["value"] for c in fields["next"]["choices"]] == ["continue", "close"]
    assert fields["next"]["value"] == "continue"
    assert fields["note"]["value"] == NB("slot.note.none")
    (save,) = actions(card)
    assert save["type"] == "Action.Execute" and save["verb"]
    assert save["data"]["case_id"] == case.id and save["data"]["intent"] == "evaluate"
    assert save["fallback"]["type"] == "Action.Submit"
    assert save["fallback"]["data"] == save["data"]


@pytest.mark.parametrize(
    ("typed", "next_steps", "closed", "evaluated_again"),
    [
        ({"outcome": "improved"}, NB("evaluate.next.improved", when="")[:20], False, True),
        ({"outcome": "improved", "next": "close"}, NB("evaluate.next.close"), True, False),
        ({"outcome": "partly", "adjustment": "To i uka"}, "To i uka", False, True),
        ({"outcome": "not_improved"}, NB("evaluate.next.not_improved", level=2), False, False),
    ],
)
async def test_one_press_saves_the_evaluation(
    bot: RunningBot,
    teacher: User,
    database_url: str,
    evaluation: tuple[Case, Exchange, dict[str, Any]],
    typed: dict[str, str],
    next_steps: str,
    closed: bool,
    evaluated_again: bool,
) -> None:
    case, _, card = evaluation
    before = len(log_entries(database_url, case.id))
    verb, data = pressed(card, SAVE, note="Foresatte er fornøyde", **typed)
    answered = await bot.channel.invoke(teacher, verb, data)
    assert answered.status == 200
    assert answered.body["statusCode"] == 200 and answered.body["type"] == CONTENT_TYPE
    assert answered.card is not None
    assert NB("cards.log.saved") in card_as_text(answered.card)
    assert actions(answered.card) == [] and inputs(answered.card) == {}
    entries = log_entries(database_url, case.id)
    assert len(entries) == before + 1
    outcome = NB(f"slot.outcome.{typed['outcome']}")
    assert entries[-1].reason == NB("evaluate.reason", outcome=outcome)
    assert entries[-1].guardians_view == "Foresatte er fornøyde"
    assert next_steps in entries[-1].next_steps
    (stored,) = cases(database_url)
    assert (stored.status == "closed") is closed
    assert bool(open_evaluations(database_url, case.id)) is evaluated_again
    assert next_steps in said(answered.replies)


async def test_partly_without_an_adjustment_comes_back_on_the_card_with_everything_kept(
    bot: RunningBot,
    teacher: User,
    database_url: str,
    evaluation: tuple[Case, Exchange, dict[str, Any]],
) -> None:
    case, _, card = evaluation
    before = len(log_entries(database_url, case.id))
    verb, data = pressed(card, SAVE, outcome="partly", adjustment="", note="Mor er bekymret")
    answered = await bot.channel.invoke(teacher, verb, data)
    assert answered.status == 200
    again = answered.card
    assert again is not None
    assert NB("slot.adjustment.retry") in card_as_text(again)
    fields = inputs(again)
    assert fields["outcome"]["value"] == "partly"
    assert fields["note"]["value"] == "Mor er bekymret"
    assert [a["title"] for a in actions(again)] == [SAVE]
    assert len(log_entries(database_url, case.id)) == before

    verb, data = pressed(again, SAVE, adjustment="Fast samtale to ganger i uka")
    saved = await bot.channel.invoke(teacher, verb, data)
    assert saved.card is not None and NB("cards.log.saved") in card_as_text(saved.card)
    entries = log_entries(database_url, case.id)
    assert len(entries) == before + 1
    assert entries[-1].guardians_view == "Mor er bekymret"
    assert "Fast samtale to ganger i uka" in entries[-1].next_steps


async def test_the_card_goes_through_the_typed_validators(
    bot: RunningBot,
    teacher: User,
    database_url: str,
    evaluation: tuple[Case, Exchange, dict[str, Any]],
) -> None:
    case, _, card = evaluation
    before = len(log_entries(database_url, case.id))
    for typed, error in (
        ({"outcome": ""}, "slot.outcome.retry"),
        ({"outcome": "kanskje"}, "slot.outcome.retry"),
        ({"outcome": "improved", "next": "vet ikke"}, "slot.next.retry"),
        ({"outcome": "improved", "note": ""}, "slot.note.retry"),
        ({"outcome": "improved", "note": f"Ring {valid_national_id()}"}, "privacy.national_id"),
        ({"outcome": "partly", "adjustment": "x" * 1001}, "trust.too_long"),
    ):
        verb, data = pressed(card, SAVE, **typed)
        answered = await bot.channel.invoke(teacher, verb, data)
        assert answered.card is not None, typed
        assert NB(error).split("{")[0][:40] in card_as_text(answered.card), typed
    assert len(log_entries(database_url, case.id)) == before


async def test_the_submit_fallback_sends_the_card_again_with_the_error(
    bot: RunningBot,
    teacher: User,
    database_url: str,
    evaluation: tuple[Case, Exchange, dict[str, Any]],
) -> None:
    case, _, card = evaluation
    _, data = pressed(card, SAVE, outcome="partly", note="Eleven sier det går bedre")
    sent = await bot.channel.send(teacher, text=None, value=data, replyToId="reply-evaluation")
    (_, again) = cards_of(sent)[-1]
    assert NB("slot.adjustment.retry") in card_as_text(again)
    assert inputs(again)["note"]["value"] == "Eleven sier det går bedre"

    _, data = pressed(again, SAVE, adjustment="Hentes ved porten")
    await bot.channel.send(teacher, text=None, value=data, replyToId="reply-evaluation-2")
    assert "Hentes ved porten" in log_entries(database_url, case.id)[-1].next_steps
    (update,) = [u for u in bot.channel.updates if u[1] == "reply-evaluation-2"]
    (attachment,) = update[2]["attachments"]
    assert NB("cards.log.saved") in card_as_text(attachment["content"])


async def test_the_same_card_pressed_twice_saves_once(
    bot: RunningBot,
    teacher: User,
    database_url: str,
    evaluation: tuple[Case, Exchange, dict[str, Any]],
) -> None:
    case, _, card = evaluation
    before = len(log_entries(database_url, case.id))
    verb, data = pressed(card, SAVE, outcome="improved", next="close", note="Fornøyde")
    await bot.channel.invoke(teacher, verb, data)
    again = await bot.channel.invoke(teacher, verb, data)
    assert again.status == 200 and again.card is not None
    assert NB("cards.log.already_saved") in card_as_text(again.card)
    assert actions(again.card) == []
    assert NB("trust.already_saved") in said(again.replies)
    assert len(log_entries(database_url, case.id)) == before + 1


async def test_a_card_replayed_by_a_user_who_may_not_see_the_case_saves_nothing(
    bot: RunningBot,
    teacher: User,
    database_url: str,
    evaluation: tuple[Case, Exchange, dict[str, Any]],
) -> None:
    case, _, card = evaluation
    before = len(log_entries(database_url, case.id))
    verb, data = pressed(card, SAVE, outcome="improved", note="Fornøyde")
    answered = await bot.channel.invoke(User("aad-per", "Per Annenlærer"), verb, data)
    assert answered.card is None
    assert answered.body["value"] == NB("case.not_found", pupil="")
    assert len(log_entries(database_url, case.id)) == before


@pytest.mark.parametrize(
    ("typed", "asked"),
    [
        (NB("slot.outcome.partly"), "slot.adjustment.ask"),
        ("ja", "slot.next.ask"),
        ("nei", "slot.note.ask"),
        ("tja", "slot.outcome.retry"),
    ],
)
async def test_typing_beside_the_card_goes_on_question_by_question(
    bot: RunningBot,
    teacher: User,
    evaluation: tuple[Case, Exchange, dict[str, Any]],
    typed: str,
    asked: str,
) -> None:
    assert (await bot.channel.send(teacher, typed)).text == NB(asked, pupil="Ole")
