"""Conversation state to JSON and back: plain JSON for what the bot stores, jsonpickle otherwise.

botbuilder's storages write state with jsonpickle, which restores any class named in the
document. Our dialogs keep only JSON values in their state, inside botbuilder's DialogState and
DialogInstance containers, and jsonpickle's generic walk over that cost a tenth of a millisecond
per turn each way. Such state is written as `{"$state": 1, "item": ...}` with the two containers
spelled out; anything else (a prompt's options object, a tuple, an odd key) falls back to
jsonpickle as before, and documents written by jsonpickle are still read by it.
"""

from __future__ import annotations

import json
from typing import Any

import jsonpickle
from botbuilder.dialogs import DialogInstance, DialogState

FORMAT_KEY = "$state"
FORMAT = 1
_STACK = "$dialog_state"  # a DialogState: its stack of dialog instances
_DIALOG = "$dialog"  # a DialogInstance: {"id": ..., "state": ...}
_RESERVED = frozenset((FORMAT_KEY, _STACK, _DIALOG))
_SCALARS = (str, int, float, bool, type(None))


class _NotPlain(Exception):
    """Something only jsonpickle can write."""


def encode(item: Any) -> str:
    try:
        plain = _plain(item)
    except _NotPlain:
        return jsonpickle.encode(item)
    return json.dumps({FORMAT_KEY: FORMAT, "item": plain})


def decode(document: str) -> Any:
    """The item `encode` wrote, read from either format."""
    raw = json.loads(document)
    if isinstance(raw, dict) and raw.get(FORMAT_KEY) == FORMAT:
        return _restore(raw["item"])
    return jsonpickle.Unpickler().restore(raw)


def _plain(value: Any) -> Any:
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is dict:
        if any(type(key) is not str or key in _RESERVED for key in value):
            raise _NotPlain
        return {key: _plain(item) for key, item in value.items()}
    if kind is list:
        return [_plain(item) for item in value]
    if kind is DialogState:
        return {_STACK: [_plain(instance) for instance in value.dialog_stack]}
    if kind is DialogInstance and set(vars(value)) == {"id", "state"}:
        return {_DIALOG: {"id": _plain(value.id), "state": _plain(value.state)}}
    if isinstance(value, str):
        return str(value)  # a StrEnum member (a criterion id, a kind): its value reads back
    raise _NotPlain


def _restore(value: Any) -> Any:
    if type(value) is list:
        return [_restore(item) for item in value]
    if type(value) is not dict:
        return value
    if _STACK in value:
        return DialogState([_restore(instance) for instance in value[_STACK]])
    if _DIALOG in value:
        dialog = value[_DIALOG]
        instance = DialogInstance(dialog["id"])
        instance.state = _restore(dialog["state"])
        return instance
    return {key: _restore(item) for key, item in value.items()}
