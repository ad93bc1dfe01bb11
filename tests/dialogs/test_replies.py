"""Replies: botbuilder's copy of every sent activity is shallow, and leaves the original alone."""

import copy
import json

from botbuilder.core import MessageFactory, TurnContext
from botbuilder.schema import (
    ActionTypes,
    CardAction,
    ChannelAccount,
    ConversationAccount,
    ConversationReference,
)

from bot.fastpath.wire import model_to_json
from content.cards import render_card
from dialogs.engine.replies import text_reply, with_buttons, with_card


def _card() -> dict:
    fields = [{"label": "Dato", "value": "i dag"}, {"label": "Nivå", "value": "0"}]
    return render_card(
        "log_summary", {"title": "Fraværslogg", "fields": fields, "save": "Lagre", "edit": "Endre"}
    )


def _stamped(activity):
    """What TurnContext.send_activities does to each activity before the adapter sends it."""
    reference = ConversationReference(
        channel_id="msteams",
        service_url="http://127.0.0.1:1/",
        conversation=ConversationAccount(id="a:1"),
        bot=ChannelAccount(id="28:bot"),
        user=ChannelAccount(id="29:user"),
        activity_id="msg-1",
    )
    return TurnContext.apply_conversation_reference(copy.deepcopy(activity), reference)


def test_a_sent_card_shares_the_card_and_the_original_stays_unstamped() -> None:
    activity = with_card(_card(), ["Hjelp"])

    sent = _stamped(activity)

    assert sent is not activity
    assert sent.attachments[0].content is activity.attachments[0].content
    assert (sent.conversation.id, activity.conversation) == ("a:1", None)
    assert (sent.reply_to_id, activity.reply_to_id) == ("msg-1", None)
    wire = json.loads(json.dumps(model_to_json(sent)))
    assert wire["attachments"][0]["content"] == _card()
    assert wire["summary"] == _card()["fallbackText"]
    assert [a["value"] for a in wire["suggestedActions"]["actions"]] == ["Hjelp"]


def test_replies_carry_what_botbuilders_message_factory_puts_on_the_wire() -> None:
    button = [CardAction(type=ActionTypes.im_back, title="Ja", value="Ja")]
    pairs = [
        (text_reply("Hei"), MessageFactory.text("Hei")),
        (with_buttons("Hei", ["Ja"]), MessageFactory.suggested_actions(button, "Hei")),
    ]
    for ours, botbuilders in pairs:
        assert model_to_json(_stamped(ours)) == model_to_json(_stamped(botbuilders))
