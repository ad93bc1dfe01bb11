"""The root dialog: recognise what the user wants and start that conversation. It only routes.

Entry: every message that no conversation is waiting for. A typed message goes through the
recognizer; a card button arrives as `value` with an `intent` and its entities and skips it.
`avbryt` (intent `cancel`) leaves any conversation without saving half a record. A stored
conversation whose dialog no longer exists (renamed in an update) is dropped with a note.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from botbuilder.core import TurnContext
from botbuilder.dialogs import (
    ComponentDialog,
    Dialog,
    DialogContext,
    DialogTurnResult,
    DialogTurnStatus,
    WaterfallDialog,
    WaterfallStepContext,
)

from content.intents import Intent
from dialogs.engine import ids
from dialogs.engine.clarify import ClarifyDialog, clarify_options, main_task_buttons
from dialogs.engine.form import FormDialog
from dialogs.engine.payload import PayloadCheck
from dialogs.engine.replies import say, suggestions, translator
from dialogs.engine.turn import message_text

# Answered in one turn, so a form can answer them and ask its question again.
ANSWERS_INSIDE_FORMS = frozenset(
    {
        Intent.EXPLAIN_LADDER,
        Intent.EXPLAIN_PROCEDURE,
        Intent.ANNUAL_WHEEL,
        Intent.HELP,
        Intent.SHOW_TEMPLATE,
    }
)


@dataclass(frozen=True)
class Request:
    """What the user asked for in this message: an intent and its entities."""

    intent: str
    entities: Mapping[str, Any] = field(default_factory=dict)
    # Typed text only: the recognition, for «Mente du …» (dialogs.engine.clarify).
    recognition: Any = None


class Recognizer(Protocol):
    def recognize(self, text: str, locale: str = "nb-NO") -> Any:
        """Anything with `.intent: str` and `.entities: dict`."""
        ...

    def might_be(self, intent: str, text: str) -> bool:
        """False only when `text` cannot be `intent`; cheaper than `recognize`."""
        ...

    def request(self, text: str) -> Any:
        """The text as a request of its own (a question, an order), or None."""
        ...

    def entities_for(self, intent: str, text: str) -> dict[str, Any]:
        """The entities `text` holds for `intent`."""
        ...


def read_request(
    context: TurnContext, recognizer: Recognizer, check: PayloadCheck | None = None
) -> Request:
    """A card's payload is checked like typed text (`PayloadCheck`) before it fills a slot."""
    value = context.activity.value
    if isinstance(value, dict) and isinstance(value.get("intent"), str):
        intent = value["intent"]
        entities = check.clean(intent, value) if check is not None else {}
        return Request(intent, entities)
    text = message_text(context)
    if not text:
        return Request(Intent.UNKNOWN)
    recognition = recognizer.recognize(text, context.activity.locale or "nb-NO")
    return Request(recognition.intent, dict(recognition.entities), recognition)


def starts_a_conversation(context: TurnContext) -> bool:
    """A card button that carries an intent (a reminder's «Gjør det nå», a case in a list);
    a form's own answer buttons carry `answer`, never `intent`."""
    value = context.activity.value
    return isinstance(value, dict) and isinstance(value.get("intent"), str)


class RootDialog(ComponentDialog):
    def __init__(
        self,
        recognizer: Recognizer,
        routes: Mapping[str, str],
        dialogs: Iterable[Dialog],
        payload: PayloadCheck | None = None,
    ) -> None:
        super().__init__(ids.ROOT)
        self._recognizer = recognizer
        self._payload = payload
        self._routes = dict(routes)
        for dialog in dialogs:
            self.add_dialog(dialog)
        self.add_dialog(WaterfallDialog(ids.ROUTE, [self.route, self.finish]))
        self.add_dialog(ClarifyDialog(self._routes))
        self.initial_dialog_id = ids.ROUTE

    async def on_continue_dialog(self, inner_dc: DialogContext) -> DialogTurnResult:
        if self._is_cancel(inner_dc.context):
            await inner_dc.cancel_all_dialogs()
            await say(inner_dc.context, translator(inner_dc.context)("cancel.done"))
            return DialogTurnResult(DialogTurnStatus.Cancelled)
        if starts_a_conversation(inner_dc.context):
            # A card button names its conversation and its case: it wins over the open one, so
            # an answer is never saved on another pupil than the card names.
            await inner_dc.cancel_all_dialogs()
            return await inner_dc.begin_dialog(self.initial_dialog_id)
        if not await self._stack_is_known(inner_dc):
            await inner_dc.cancel_all_dialogs()
            await say(inner_dc.context, translator(inner_dc.context)("state.lost"))
            return DialogTurnResult(DialogTurnStatus.Cancelled)
        interrupted = await self._answer_request_inside_form(inner_dc)
        if interrupted is not None:
            return interrupted
        return await super().on_continue_dialog(inner_dc)

    async def _answer_request_inside_form(self, inner_dc: DialogContext) -> DialogTurnResult | None:
        """A question or request typed while a form waits for an answer ("hva er nivå 2?",
        "vis malen") is not the answer: a one-turn answer is given and the form asks again
        (FormDialog.resume_dialog); anything longer is offered for afterwards."""
        context, active = inner_dc.context, inner_dc.active_dialog
        if context.activity.value is not None or active is None:
            return None
        form = await self.find_dialog(active.id)
        text = message_text(context)
        if not isinstance(form, FormDialog) or not form.waiting(active) or not text:
            return None
        request = self._recognizer.request(text)
        if request is None or self._routes.get(request.intent) in (None, active.id):
            return None  # not a request, or the form's own (asked again, it is the answer)
        if request.intent in ANSWERS_INSIDE_FORMS:
            options = {**request.entities, "intent": request.intent}
            return await inner_dc.begin_dialog(self._routes[request.intent], options)
        translate = translator(context)
        title = translate(f"intent.title.{request.intent}")
        await say(context, translate("form.request.offer", title=title))
        await inner_dc.reprompt_dialog()
        return DialogTurnResult(DialogTurnStatus.Waiting)

    async def _stack_is_known(self, inner_dc: DialogContext) -> bool:
        for instance in inner_dc.stack:
            if await self.find_dialog(instance.id) is None:
                return False
        return True

    def _is_cancel(self, context: TurnContext) -> bool:
        if context.activity.value is not None:
            return read_request(context, self._recognizer).intent == Intent.CANCEL
        text = message_text(context)
        if not text or not self._recognizer.might_be(Intent.CANCEL, text):
            return False
        return self._recognizer.recognize(text).intent == Intent.CANCEL

    async def route(self, step: WaterfallStepContext) -> DialogTurnResult:
        request = read_request(step.context, self._recognizer, self._payload)
        if request.recognition is not None:
            text = message_text(step.context)
            choices = clarify_options(request.recognition, self._routes, self._recognizer, text)
            if choices is not None:
                return await step.begin_dialog(ids.CLARIFY, choices)
        dialog_id = self._routes.get(request.intent)
        if dialog_id is not None:
            return await step.begin_dialog(
                dialog_id, {**request.entities, "intent": request.intent}
            )
        translate = translator(step.context)
        if request.intent == Intent.CANCEL:
            await say(step.context, translate("cancel.nothing"), suggestions(translate))
        else:
            await say(step.context, translate("unknown.text"), main_task_buttons(translate))
        return await step.end_dialog()

    async def finish(self, step: WaterfallStepContext) -> DialogTurnResult:
        return await step.end_dialog(step.result)
