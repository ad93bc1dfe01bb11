"""Reading the bot's cards as Teams does: the attached card, its inputs, pressing an action."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from content.cards import CONTENT_TYPE
from devkit.local_channel import Exchange

INPUTS = ("Input.Text", "Input.Date", "Input.ChoiceSet", "Input.Number", "Input.Toggle")
ACTIONS = ("Action.Execute", "Action.Submit", "Action.OpenUrl", "Action.ShowCard")


def walk(node: Any) -> Iterator[Any]:
    yield node
    if isinstance(node, dict):
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)


def cards_of(exchange: Exchange) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(reply, card) for every Adaptive Card the bot sent in this exchange."""
    return [
        (reply, attachment["content"])
        for reply in exchange.replies
        for attachment in reply.get("attachments") or []
        if attachment.get("contentType") == CONTENT_TYPE
    ]


def inputs(card: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        node["id"]: node
        for node in walk(card)
        if isinstance(node, dict) and node.get("type") in INPUTS
    }


def actions(card: dict[str, Any]) -> list[dict[str, Any]]:
    """Every pressable action of the card (buttons, row taps), not the refresh."""
    found = [
        node
        for key, node in _items(card)
        if key != "refresh" and isinstance(node, dict) and node.get("type") in ACTIONS
    ]
    return found


def _items(node: Any, key: str = "") -> Iterator[tuple[str, Any]]:
    yield key, node
    if isinstance(node, dict):
        for child_key, value in node.items():
            if child_key in ("refresh", "fallback"):
                continue
            yield from _items(value, child_key)
    elif isinstance(node, list):
        for value in node:
            yield from _items(value, key)


def execute(card: dict[str, Any], title: str) -> dict[str, Any]:
    (action,) = [a for a in actions(card) if a.get("title") == title]
    assert action["type"] == "Action.Execute", action
    return action


def pressed(card: dict[str, Any], title: str, **typed: Any) -> tuple[str, dict[str, Any]]:
    """(verb, data) as Teams sends them for the Action.Execute titled `title`: the action's
    data with the card's input values (as filled in, then as `typed` changes them)."""
    action = execute(card, title)
    values = {name: node.get("value", "") for name, node in inputs(card).items()}
    values.update(typed)
    return action["verb"], {**values, **(action.get("data") or {})}
