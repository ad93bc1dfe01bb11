"""A small form engine in the manner of Rasa forms: slots are data, one loop runs them.

ask the next missing slot → validate the answer → store it → ask the next → finish.
Slots filled from the first message are never asked. A validator returns a value, or says
"ask again" (the slot's own re-ask with an example), or names a specific message (too long,
looks like a national id number); what the user typed earlier stays in the form's state.
A card button's `value` and typed text both reach the same validator.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.dialogs import (
    ComponentDialog,
    DialogTurnResult,
    PromptOptions,
    PromptValidatorContext,
    TextPrompt,
    WaterfallDialog,
    WaterfallStepContext,
)
from botbuilder.schema import Activity

from content.i18n import Translator
from dialogs.replies import translator, with_buttons

VALUES = "values"
SLOT = "slot"


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


Parser = Callable[[Answer, Mapping[str, Any]], Any]
Buttons = Callable[[Translator, Mapping[str, Any]], Sequence[tuple[str, str]]]


def no_buttons(translate: Translator, values: Mapping[str, Any]) -> Sequence[tuple[str, str]]:
    return ()


@dataclass(frozen=True)
class Slot:
    """`parse` returns the value, None to re-ask with `retry`, or `Invalid(...)`."""

    name: str
    ask: str
    retry: str
    parse: Parser
    buttons: Buttons = no_buttons


class FormDialog(ComponentDialog):
    """Subclasses say which slot comes next and what happens when none is left."""

    def __init__(self, dialog_id: str) -> None:
        super().__init__(dialog_id)
        self._prompt_id = f"{dialog_id}.prompt"
        self._loop_id = f"{dialog_id}.loop"
        self._slots: dict[str, Slot] = {}
        self.add_dialog(TextPrompt(self._prompt_id, self._validate))
        self.add_dialog(
            WaterfallDialog(f"{dialog_id}.start", [self._start]),
        )
        self.add_dialog(WaterfallDialog(self._loop_id, [self._ask, self._collect]))
        self.initial_dialog_id = f"{dialog_id}.start"

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

    async def _start(self, step: WaterfallStepContext) -> DialogTurnResult:
        values = {k: v for k, v in dict(step.options or {}).items() if v is not None}
        if not await self.prepare(step.context, values):
            return await step.end_dialog()
        return await step.replace_dialog(self._loop_id, {VALUES: values})

    async def _ask(self, step: WaterfallStepContext) -> DialogTurnResult:
        values: dict[str, Any] = dict(step.options[VALUES])
        step.values[VALUES] = values
        slot = await self.next_slot(step.context, values)
        if slot is None:
            return await step.end_dialog(await self.finish(step.context, values))
        step.values[SLOT] = slot.name
        translate = translator(step.context)
        prompt = self.prompt_activity(translate, slot, values)
        retry = with_buttons(translate(slot.retry, **values), slot.buttons(translate, values))
        options = PromptOptions(
            prompt=prompt, retry_prompt=retry, validations={SLOT: slot.name, VALUES: values}
        )
        return await step.prompt(self._prompt_id, options)

    async def _collect(self, step: WaterfallStepContext) -> DialogTurnResult:
        values = dict(step.values[VALUES])
        values[step.values[SLOT]] = step.result
        return await step.replace_dialog(self._loop_id, {VALUES: values})

    async def _validate(self, prompt: PromptValidatorContext) -> bool:
        slot = self._slots[prompt.options.validations[SLOT]]
        values = prompt.options.validations[VALUES]
        activity: Activity = prompt.context.activity
        value = activity.value if isinstance(activity.value, dict) else None
        parsed = slot.parse(Answer((activity.text or "").strip(), value), values)
        if parsed is None:
            return False
        if isinstance(parsed, Invalid):
            translate = translator(prompt.context)
            text = translate(parsed.message, **{**values, **parsed.values})
            await prompt.context.send_activity(with_buttons(text, slot.buttons(translate, values)))
            return False
        prompt.recognized.value = parsed
        return True
