"""The state codec: dialog state as plain JSON only; anything else is refused or unreadable."""

import json

import jsonpickle
import pytest
from botbuilder.core import MessageFactory
from botbuilder.dialogs import DialogInstance, DialogState
from botbuilder.dialogs.prompts import PromptOptions
from hypothesis import given
from hypothesis import strategies as st

from bot.fastpath import state_codec


def _dialog(dialog_id: str, state: dict) -> DialogInstance:
    instance = DialogInstance()
    instance.id, instance.state = dialog_id, state
    return instance


def _state() -> dict:
    """What a turn in the middle of logging a contact keeps (a component dialog's inner stack)."""
    form = _dialog(
        "log_contact",
        {"values": {"pupil": "Ole", "case_id": 1, "criteria": ["visma_alert"], "_resolved": True}},
    )
    route = _dialog("root.route", {"options": None, "values": {}, "stepIndex": 0})
    root = _dialog("root", {"dialogs": DialogState([form, route])})
    return {"DialogState": DialogState([root]), "welcomed": True}


def _shape(value):
    """Containers as comparable data, so a round trip can be compared with the original."""
    if isinstance(value, DialogState):
        return ("stack", [_shape(instance) for instance in value.dialog_stack])
    if isinstance(value, DialogInstance):
        return ("dialog", value.id, _shape(value.state), sorted(vars(value)))
    if isinstance(value, dict):
        return {key: _shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_shape(item) for item in value]
    return value


def test_dialog_state_is_written_as_plain_json_and_read_back_alike() -> None:
    document = state_codec.encode(_state())

    assert "py/object" not in document
    assert json.loads(document)[state_codec.FORMAT_KEY] == state_codec.FORMAT
    assert _shape(state_codec.decode(document)) == _shape(_state())


def test_what_plain_json_cannot_say_is_refused_and_reserved_keys_dropped() -> None:
    """No jsonpickle fallback (issue 13): a reserved key from a crafted payload used to force it
    and make the conversation fail on every turn."""
    prompt = PromptOptions(prompt=MessageFactory.text("Hvilken elev?"))
    state = _state()
    state["DialogState"].dialog_stack[0].state["odd"] = prompt
    with pytest.raises(TypeError):
        state_codec.encode(state)
    for key in state_codec._RESERVED:
        state = _state()
        state["DialogState"].dialog_stack[0].state["values"] = {key: {"id": "x"}, "pupil": "Ole"}
        restored = state_codec.decode(state_codec.encode(state))
        values = restored["DialogState"].dialog_stack[0].state["values"]
        assert values == {"pupil": "Ole"}


@pytest.mark.parametrize(
    "document",
    [
        jsonpickle.encode({"DialogState": DialogState([])}),
        '{"py/object": "os.system", "py/reduce": []}',
        '{"$state": 1}',
        '{"$state": 1, "item": {"$dialog_state": [{"$dialog": {}}]}}',
        "[" * 10_000,
        "not json",
    ],
)
def test_documents_not_written_plain_are_undecodable(document: str) -> None:
    with pytest.raises(state_codec.UndecodableState):
        state_codec.decode(document)


# The codec's own keys are dropped from values (the test above), so they cannot round-trip:
# hypothesis found `{"$state": None}` in CI once the keys could be 6 characters long.
keys = st.text(max_size=8).filter(lambda key: key not in state_codec._RESERVED)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(keys, children, max_size=4),
    max_leaves=20,
)


@given(json_values)
def test_any_json_in_a_dialogs_state_round_trips(values) -> None:
    state = {"DialogState": DialogState([_dialog("form", {"values": values})])}

    assert _shape(state_codec.decode(state_codec.encode(state))) == _shape(state)
