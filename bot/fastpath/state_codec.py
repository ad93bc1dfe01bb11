"""Conversation state to JSON and back: plain JSON only.

botbuilder's storages write state with jsonpickle, which restores any class named in the
document. Our dialogs keep only JSON values in their state, inside botbuilder's DialogState and
DialogInstance containers, written as `{"$state": 1, "item": ...}` with the two containers
spelled out. There is no jsonpickle fallback any more (issue 13): a crafted payload with a
reserved key used to force it and make the conversation fail on every turn. Reserved keys in
values are dropped; anything else that is not JSON is a programming error (`TypeError`); and a
document that is not in this format (an old jsonpickle one, a broken one) raises
`UndecodableState`, which the caller answers by starting the conversation afresh.
"""

from __future__ import annotations

import json
from typing import Any

from botbuilder.dialogs import DialogInstance, DialogState

FORMAT_KEY = "$state"
FORMAT = 1
_STACK = "$dialog_state"  # a DialogState: its stack of dialog instances
_DIALOG = "$dialog"  # a DialogInstance: {"id": ..., "state": ...}
_RESERVED = frozenset((FORMAT_KEY, _STACK, _DIALOG))
_SCALARS = (str, int, float, bool, type(None))


class UndecodableState(ValueError):
    """A stored document this codec did not write, or cannot read back."""


def encode(item: Any) -> str:
    return json.dumps({FORMAT_KEY: FORMAT, "item": _plain(item)})


def decode(document: str) -> Any:
    """The item `encode` wrote; `UndecodableState` for anything else."""
    try:
        raw = json.loads(document)
        if not isinstance(raw, dict) or raw.get(FORMAT_KEY) != FORMAT or "item" not in raw:
            raise UndecodableState("not a plain state document")
        return _restore(raw["item"])
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as error:
        if isinstance(error, UndecodableState):
            raise
        raise UndecodableState(type(error).__name__) from error


def _plain(value: Any) -> Any:
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is dict:
        return {
            str(key): _plain(item)
            for key, item in value.items()
            if type(key) in (str, int) and key not in _RESERVED
        }
    if kind in (list, tuple):
        return [_plain(item) for item in value]
    if kind is DialogState:
        return {_STACK: [_plain(instance) for instance in value.dialog_stack]}
    if kind is DialogInstance and set(vars(value)) == {"id", "state"}:
        return {_DIALOG: {"id": _plain(value.id), "state": _plain(value.state)}}
    if isinstance(value, str):
        return str(value)  # a StrEnum member (a criterion id, a kind): its value reads back
    raise TypeError(f"conversation state holds a {kind.__name__}, which is not plain JSON")


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
