"""The state codec: dialog state as plain JSON; anything else, and old documents, via jsonpickle."""

import json

import jsonpickle
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


def test_what_plain_json_cannot_say_goes_through_jsonpickle() -> None:
    prompt = PromptOptions(prompt=MessageFactory.text("Hvilken elev?"))
    for odd in (prompt, ("a", "tuple"), {1: "int key"}, {"$dialog": "a reserved key"}):
        state = _state()
        state["DialogState"].dialog_stack[0].state["odd"] = odd

        document = state_codec.encode(state)

        assert state_codec.FORMAT_KEY not in json.loads(document)
        restored = state_codec.decode(document)["DialogState"].dialog_stack[0].state["odd"]
        assert type(restored) is type(odd)


def test_documents_written_by_jsonpickle_are_still_read() -> None:
    document = jsonpickle.encode(_state())

    assert _shape(state_codec.decode(document)) == _shape(_state())


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


@given(json_values)
def test_any_json_in_a_dialogs_state_round_trips(values) -> None:
    state = {"DialogState": DialogState([_dialog("form", {"values": values})])}

    assert _shape(state_codec.decode(state_codec.encode(state))) == _shape(state)
