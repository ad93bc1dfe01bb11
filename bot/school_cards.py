"""The school gate's cards (pick or choose a school, confirm a member, answer a transfer): a
title, a text and buttons whose data the gate reads back under `KEY`."""

from __future__ import annotations

from typing import Any

KEY = "naervaer_school"


def gate_card(title: str, text: str, actions: list[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    return {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.5",
        "fallbackText": f"{title}\n\n{text}",
        "body": [
            {"type": "TextBlock", "text": title, "weight": "Bolder", "wrap": True},
            {"type": "TextBlock", "text": text, "wrap": True},
        ],
        "actions": [
            {"type": "Action.Submit", "title": label, "data": {KEY: data}}
            for label, data in actions
        ],
    }
