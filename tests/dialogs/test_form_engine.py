"""The form engine on its own: a two-slot form through botbuilder's TestAdapter, no HTTP."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from botbuilder.core import ConversationState, MemoryStorage, TurnContext
from botbuilder.core.adapters import TestAdapter
from botbuilder.dialogs import DialogSet, DialogTurnStatus
from botbuilder.schema import Activity

from content.i18n import Translator
from dialogs.engine.form import Answer, AnswerDialog, FormDialog, Invalid, Slot

NB = Translator("nb")


def parse_name(answer: Answer, values: Mapping[str, Any]) -> Any:
    if len(answer.text) > 5:
        return Invalid("slot.pupil.too_long", {"max": 5})
    return answer.text.capitalize() if answer.text.isalpha() else None


def parse_group(answer: Answer, values: Mapping[str, Any]) -> Any:
    if answer.value is not None:
        return answer.value.get("group")
    return answer.text.upper() if answer.text[:1].isdigit() else None


class PupilForm(FormDialog):
    def __init__(self) -> None:
        super().__init__("test.pupil")
        self.finished: list[dict[str, Any]] = []
        self.order = [
            self.slot(Slot("pupil", "slot.pupil.ask", "slot.pupil.retry", parse_name)),
            self.slot(Slot("group", "slot.group.ask", "slot.group.retry", parse_group)),
        ]

    async def next_slot(self, context: TurnContext, values: dict[str, Any]) -> Slot | None:
        return next((slot for slot in self.order if slot.name not in values), None)

    async def finish(self, context: TurnContext, values: dict[str, Any]) -> Any:
        # The form's own bookkeeping ("_action", its idempotency key) is not a slot.
        self.finished.append({k: v for k, v in values.items() if not k.startswith("_")})
        return values


class Harness:
    def __init__(self, dialog: FormDialog, options: dict[str, Any] | None = None) -> None:
        state = ConversationState(MemoryStorage())
        self.dialogs = DialogSet(state.create_property("DialogState"))
        self.dialogs.add(dialog)
        self.results: list[DialogTurnStatus] = []

        async def logic(context: TurnContext) -> None:
            dc = await self.dialogs.create_context(context)
            result = await dc.continue_dialog()
            if result.status == DialogTurnStatus.Empty:
                result = await dc.begin_dialog(dialog.id, options)
            self.results.append(result.status)
            await state.save_changes(context)

        self.adapter = TestAdapter(logic)

    async def say(self, text: str = "", value: Any = None) -> list[str]:
        await self.adapter.receive_activity(Activity(type="message", text=text, value=value))
        replies = [reply.text or "" for reply in self.adapter.activity_buffer]
        self.adapter.activity_buffer.clear()
        return replies


async def test_asks_each_missing_slot_in_turn_then_finishes() -> None:
    form = PupilForm()
    harness = Harness(form)
    assert await harness.say("hei") == [NB("slot.pupil.ask")]
    assert await harness.say("ole") == [NB("slot.group.ask", pupil="Ole")]
    assert await harness.say("5b") == []
    assert form.finished == [{"pupil": "Ole", "group": "5B"}]
    assert harness.results[-1] == DialogTurnStatus.Complete


async def test_a_prefilled_slot_is_never_asked_and_bookkeeping_keys_are_not_taken() -> None:
    form = PupilForm()
    harness = Harness(form, {"pupil": "Mia", "_resolved": True, "group": None})
    assert await harness.say("hei") == [NB("slot.group.ask", pupil="Mia")]
    await harness.say("6a")
    assert form.finished == [{"pupil": "Mia", "group": "6A"}]


async def test_a_bad_answer_is_asked_again_and_an_invalid_one_says_why() -> None:
    form = PupilForm()
    harness = Harness(form)
    await harness.say("hei")
    assert await harness.say("123") == [NB("slot.pupil.retry")]
    assert await harness.say("Alexandra") == [NB("slot.pupil.too_long", max=5)]
    assert await harness.say("Ada") == [NB("slot.group.ask", pupil="Ada")]
    assert form.finished == []


async def test_a_card_value_reaches_the_same_parser() -> None:
    form = PupilForm()
    harness = Harness(form, {"pupil": "Ola"})
    await harness.say("hei")
    await harness.say("", value={"group": "7C"})
    assert form.finished == [{"pupil": "Ola", "group": "7C"}]


async def test_state_of_an_unknown_slot_asks_what_is_missing_instead_of_failing() -> None:
    form = PupilForm()
    harness = Harness(form)
    await harness.say("hei")
    await harness.say("ole")
    # The stored state waits for "group"; a new version of the form no longer has that slot.
    form._slots.pop("group")
    form.order = form.order[:1]
    assert await harness.say("5b") == []
    assert form.finished == [{"pupil": "Ole"}]


async def test_an_answer_dialog_answers_in_one_turn_and_keeps_no_state() -> None:
    answered: list[dict[str, Any]] = []

    async def answer(context: TurnContext, options: dict[str, Any]) -> None:
        answered.append(options)
        await context.send_activity("svar")

    harness = Harness(AnswerDialog("test.answer", answer), {"level": 2, "_x": 1})
    assert await harness.say("hva er nivå 2?") == ["svar"]
    assert harness.results == [DialogTurnStatus.Complete]
    assert answered == [{"level": 2}]
