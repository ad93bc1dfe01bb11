"""Outgoing cards: botbuilder's copy of every sent activity shares the rendered card."""

import copy
import json

from bot.wire import model_to_json
from content.cards import render_card
from dialogs.replies import with_card


def _card() -> dict:
    fields = [{"label": "Dato", "value": "i dag"}, {"label": "Nivå", "value": "0"}]
    return render_card(
        "log_summary", {"title": "Fraværslogg", "fields": fields, "save": "Lagre", "edit": "Endre"}
    )


def test_a_copied_card_reply_shares_the_card_and_sends_the_same_json() -> None:
    activity = with_card(_card(), [("Hjelp", "hjelp")])

    copied = copy.deepcopy(activity)

    assert copied is not activity
    assert copied.attachments[0].content is activity.attachments[0].content
    assert copied.suggested_actions is not activity.suggested_actions
    sent = json.loads(json.dumps(model_to_json(copied)))
    assert sent["attachments"][0]["content"] == _card()
    assert sent["summary"] == _card()["fallbackText"]
