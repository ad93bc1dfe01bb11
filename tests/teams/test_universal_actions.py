"""Universal Actions (issue 15): a reminder card's buttons are Action.Execute, the bot answers
the `adaptiveCard/action` invoke with the card as it is after the press (no buttons left), and
the Action.Submit fallback (a message with `value`) replaces the card in place."""

from __future__ import annotations

from datetime import date, time

from content.cards import CONTENT_TYPE, card_as_text
from content.i18n import Translator
from devkit.local_channel import User
from storage.models import Case, Deadline
from tests.harness import RunningBot
from tests.scenarios.records import cases, deadlines
from tests.teams.cards import actions

NB = Translator("nb")


async def open_case(bot: RunningBot, teacher: User, database_url: str) -> tuple[Case, Deadline]:
    await bot.channel.send(teacher, "Ole i 5B har vært borte 5 dager")
    await bot.channel.send(teacher, "nei")
    (case,) = cases(database_url)
    assert case.id is not None
    first = next(d for d in deadlines(database_url, case.id) if d.status == "open")
    return case, first


def status_of(database_url: str, case: Case, deadline: Deadline) -> str:
    assert case.id is not None
    return next(d.status for d in deadlines(database_url, case.id) if d.id == deadline.id)


async def test_ferdig_answers_the_invoke_with_the_card_marked_done_by_the_user(
    bot: RunningBot, teacher: User, database_url: str
) -> None:
    case, deadline = await open_case(bot, teacher, database_url)
    data = {"intent": "complete_deadline", "deadline_id": deadline.id}
    answered = await bot.channel.invoke(teacher, "complete_deadline", data)
    assert answered.status == 200
    assert answered.body["statusCode"] == 200
    assert answered.body["type"] == CONTENT_TYPE
    card = answered.card
    assert card is not None and card["type"] == "AdaptiveCard"
    done = NB("cards.reminder.done_by", name="Kari Lærer", time=NB.clock(time(9, 0)))
    assert done in card_as_text(card)
    assert "Ole" in card_as_text(card)
    assert actions(card) == []
    assert status_of(database_url, case, deadline) == "done"


async def test_utsett_answers_the_invoke_with_the_card_saying_until_when(
    bot: RunningBot, teacher: User, database_url: str
) -> None:
    case, deadline = await open_case(bot, teacher, database_url)
    data = {"intent": "postpone_reminder", "deadline_id": deadline.id}
    answered = await bot.channel.invoke(teacher, "postpone_reminder", data)
    assert answered.status == 200 and answered.card is not None
    # The clock stands on Thursday 26 November: the reminder comes again Friday morning.
    friday = NB(
        "cards.reminder.postponed_to",
        day=NB.short_day(date(2026, 11, 27)),
        time=NB.clock(time(8, 0)),
    )
    assert friday in card_as_text(answered.card)
    assert actions(answered.card) == []
    assert status_of(database_url, case, deadline) == "open"


async def test_the_submit_fallback_replaces_the_pressed_card_in_place(
    bot: RunningBot, teacher: User, database_url: str
) -> None:
    case, deadline = await open_case(bot, teacher, database_url)
    value = {"intent": "complete_deadline", "deadline_id": deadline.id}
    await bot.channel.send(teacher, text=None, value=value, replyToId="reply-card-7")
    assert status_of(database_url, case, deadline) == "done"
    (update,) = [u for u in bot.channel.updates if u[1] == "reply-card-7"]
    (attachment,) = update[2]["attachments"]
    assert attachment["contentType"] == CONTENT_TYPE
    assert "Kari Lærer" in card_as_text(attachment["content"])
    assert actions(attachment["content"]) == []


async def test_a_reminder_invoke_replayed_by_a_user_who_may_not_see_the_case_is_not_found(
    bot: RunningBot, teacher: User, database_url: str
) -> None:
    case, deadline = await open_case(bot, teacher, database_url)
    stranger = User("aad-per", "Per Annenlærer")
    data = {"intent": "complete_deadline", "deadline_id": deadline.id}
    answered = await bot.channel.invoke(stranger, "complete_deadline", data)
    assert answered.status == 200
    assert answered.card is None  # nothing of the case is shown to them
    assert NB("reminder.not_found") in answered.body["value"]
    assert status_of(database_url, case, deadline) == "open"
    assert "Ole" not in str(answered.body) + str(answered.replies)


async def test_an_unknown_invoke_still_answers_200(bot: RunningBot, teacher: User) -> None:
    status, _ = await bot.channel.post_for_body(
        bot.channel.activity(teacher, type="invoke", name="composeExtension/query", value={})
    )
    assert status == 200
