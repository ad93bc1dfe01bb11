"""A small form engine in the manner of Rasa forms: slots are data, one loop runs them. Every
conversation of the bot is a `FormDialog`; one that answers in one turn is an `AnswerDialog`
(a form without slots).

ask the next missing slot → validate the answer → store it → ask the next → finish.
Slots filled from the first message are never asked. A validator returns a value (or, as
`Filled`, the values of the further slots the answer gave too: «Ole 5B»), or says "ask again"
(the slot's own re-ask with an example), or names a specific message (too long, looks like a
national id number); what the user typed earlier stays in the form's state.
A card button's `value` and typed text both reach the same validator.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.dialogs import Dialog, DialogContext, DialogInstance, DialogTurnResult
from botbuilder.schema import Activity, ActivityTypes

from content.i18n import Translator
from dialogs.engine.replies import translator, with_buttons

VALUES = "values"
SLOT = "slot"
# The user action a form stands for: what it writes carries this as its idempotency key, and it
# lives in the form's state, which is only saved when the turn completes; so a «Lagre» re-sent
# after a failed reply (or Teams' retry of the same activity) finds the row it already wrote.
ACTION = "_action"
# No answer to a question is longer than the longest free-text field; anything above is refused
# before a parser (recognizer, validators) sees it, so its cost is bounded whatever is sent.
MAX_ANSWER_CHARS = 1000


@dataclass(frozen=True)
class Answer:
    """One reply to a question: typed text, or the data of a pressed card button."""

    text: str
    value: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class Invalid:
    """Ask again, with this catalog key (filled with the slot's values) instead of the re-ask."""

    message: str
    values: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Filled:
    """An answer that fills further slots beside its own: «Ole 5B» is the pupil and the class,
    so the class is not asked."""

    values: Mapping[str, Any]


# Shown back in a "too long" answer so the user can shorten it; more would not fit a message.
MAX_ECHO = 4000
TOO_LONG = "trust.too_long"


def too_long(text: str, max_length: int) -> Invalid:
    """Refused, not cut: the text is shown back so nothing the user wrote is lost."""
    typed = text if len(text) <= MAX_ECHO else text[:MAX_ECHO] + " …"
    return Invalid(TOO_LONG, {"max": max_length, "length": len(text), "typed": typed})


Parser = Callable[[Answer, Mapping[str, Any]], Any]
Buttons = Callable[[Translator, Mapping[str, Any]], Sequence[str]]


def no_buttons(translate: Translator, values: Mapping[str, Any]) -> Sequence[str]:
    return ()


@dataclass(frozen=True)
class Slot:
    """`parse` returns the value (or `Filled`), None to re-ask with `retry`, or `Invalid(...)`."""

    name: str
    ask: str
    retry: str
    parse: Parser
    buttons: Buttons = no_buttons


class FormDialog(Dialog):
    """Subclasses say which slot comes next and what happens when none is left.

    A Dialog of its own rather than a waterfall with a TextPrompt: its stored state is just the
    values and the name of the slot being asked, not the rendered prompt activities (a card can
    be kilobytes), so each turn reads and writes little, and a bot restarted on new content
    asks the same question in the new words.
    """

    def __init__(self, dialog_id: str) -> None:
        super().__init__(dialog_id)
        self._slots: dict[str, Slot] = {}

    def slot(self, slot: Slot) -> Slot:
        self._slots[slot.name] = slot
        return slot

    # Hooks -------------------------------------------------------------------------------

    async def prepare(self, context: TurnContext, values: dict[str, Any]) -> bool:
        """Fill what can be known before asking; False ends the conversation (already told)."""
        return True

    async def next_slot(self, context: TurnContext, values: dict[str, Any]) -> Slot | None:
        raise NotImplementedError

    async def finish(self, context: TurnContext, values: dict[str, Any]) -> Any:
        raise NotImplementedError

    def question(self, translate: Translator, slot: Slot, values: Mapping[str, Any]) -> str:
        return translate(slot.ask, **values)

    def prompt_activity(
        self, translate: Translator, slot: Slot, values: Mapping[str, Any]
    ) -> Activity:
        """The question as sent; a conversation may add a card to it."""
        return with_buttons(self.question(translate, slot, values), slot.buttons(translate, values))

    # The loop ----------------------------------------------------------------------------

    async def begin_dialog(
        self, dialog_context: DialogContext, options: object = None
    ) -> DialogTurnResult:
        given = options if isinstance(options, dict) else {}
        # "_" keys are the form's own bookkeeping; options (a button's payload) cannot set them.
        values = {
            key: value
            for key, value in given.items()
            if value is not None and not str(key).startswith("_")
        }
        values[ACTION] = action_id(dialog_context.context, self.id)
        if not await self.prepare(dialog_context.context, values):
            return await dialog_context.end_dialog()
        return await self._ask_next(dialog_context, values)

    async def continue_dialog(self, dialog_context: DialogContext) -> DialogTurnResult:
        activity: Activity = dialog_context.context.activity
        if activity.type != ActivityTypes.message:
            return Dialog.end_of_turn
        state = dialog_context.active_dialog.state
        values = dict(state.get(VALUES) or {})
        slot = self._slots.get(state.get(SLOT, ""))
        if slot is None:
            # State written by another version of this conversation (a renamed slot, an older
            # shape): ask whatever is missing now rather than fail on every message.
            return await self._ask_next(dialog_context, values)
        value = activity.value if isinstance(activity.value, dict) else None
        text = (activity.text or "").strip()
        parsed = (
            too_long(text, MAX_ANSWER_CHARS)
            if len(text) > MAX_ANSWER_CHARS
            else slot.parse(Answer(text, value), values)
        )
        if parsed is None or isinstance(parsed, Invalid):
            translate = translator(dialog_context.context)
            key, extra = (slot.retry, {}) if parsed is None else (parsed.message, parsed.values)
            text = translate(key, **{**values, **extra})
            await dialog_context.context.send_activity(
                with_buttons(text, slot.buttons(translate, values))
            )
            return Dialog.end_of_turn
        values.update(parsed.values if isinstance(parsed, Filled) else {slot.name: parsed})
        return await self._ask_next(dialog_context, values)

    def waiting(self, instance: DialogInstance) -> bool:
        """True while a question of this form is waiting for its answer."""
        return instance.state.get(SLOT, "") in self._slots

    async def resume_dialog(
        self, dialog_context: DialogContext, reason: object, result: object = None
    ) -> DialogTurnResult:
        """Back from a question answered inside the form (dialogs.engine.root): ask again."""
        await self.reprompt_dialog(dialog_context.context, dialog_context.active_dialog)
        return Dialog.end_of_turn

    async def reprompt_dialog(self, context: TurnContext, instance: DialogInstance) -> None:
        slot = self._slots.get(instance.state.get(SLOT, ""))
        if slot is None:
            return
        await context.send_activity(
            self.prompt_activity(translator(context), slot, instance.state[VALUES])
        )

    async def _ask_next(
        self, dialog_context: DialogContext, values: dict[str, Any]
    ) -> DialogTurnResult:
        context = dialog_context.context
        slot = await self.next_slot(context, values)
        if slot is None:
            return await dialog_context.end_dialog(await self.finish(context, values))
        state = dialog_context.active_dialog.state
        state[VALUES], state[SLOT] = values, slot.name
        await self.ask(context, slot, values)
        return Dialog.end_of_turn

    async def ask(self, context: TurnContext, slot: Slot, values: Mapping[str, Any]) -> None:
        """Send the question; a card form may instead replace the card that was pressed."""
        await context.send_activity(self.prompt_activity(translator(context), slot, values))


def action_id(context: TurnContext, dialog_id: str) -> str:
    """Derived from the activity that started the form, so a retried delivery of that activity
    is the same action; a message typed again is a new one."""
    activity = context.activity
    conversation = activity.conversation.id if activity.conversation else ""
    if not activity.id:
        return uuid.uuid4().hex[:32]
    seed = f"{conversation}\n{activity.id}\n{dialog_id}".encode("utf-8", "surrogatepass")
    return hashlib.sha256(seed).hexdigest()[:32]


def idempotency_key(values: Mapping[str, Any], step: str) -> str:
    """The key of one write of the form's action ("log", "measure", "mapping")."""
    return f"{step}:{values.get(ACTION) or uuid.uuid4().hex[:32]}"


Respond = Callable[[TurnContext, dict[str, Any]], Awaitable[None]]


class AnswerDialog(FormDialog):
    """A conversation that answers in one turn and ends: help, explanations, a list.

    A form with no slots, so that it routes, nests and cancels like every other conversation,
    and can grow questions later without a new id.
    """

    def __init__(self, dialog_id: str, answer: Respond) -> None:
        super().__init__(dialog_id)
        self._answer = answer

    async def prepare(self, context: TurnContext, values: dict[str, Any]) -> bool:
        values.pop(ACTION, None)  # an answer writes nothing, so it needs no idempotency key
        await self._answer(context, values)
        return False

    async def next_slot(self, context: TurnContext, values: dict[str, Any]) -> Slot | None:
        return None

    async def finish(self, context: TurnContext, values: dict[str, Any]) -> Any:
        return None
