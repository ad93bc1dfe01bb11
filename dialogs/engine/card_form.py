"""One card for a form's questions (issue 15): a conversation's slots as the inputs of one
Adaptive Card, answered in one press, with the typed question-by-question path beside it.

The card's button (Action.Execute, Action.Submit as the fallback) sends `{intent, case_id,
form}` with the inputs, which starts its conversation again with the case found by id and the
access rules as for any button. Each input goes through the validator its typed question uses
(the same words refused, the same limits). All valid: the values are taken at once. Otherwise
the card comes back with the errors on top and everything typed kept, in place of the pressed
card when the turn is an Action.Execute. `form` is the card's id: the same card pressed twice
is one save ("Allerede lagret"), whatever the activity ids.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.schema import Activity

from casework.access import Actor
from content.i18n import Translator
from dialogs.engine.form import ACTION, MAX_ECHO, Answer, FormDialog, Invalid, Slot, idempotency_key
from dialogs.engine.replies import from_execute, replace_card, translator, with_card

FORM = "_form"  # the id of the card the values came from
SUBMITTED = "_card"  # the card's inputs as sent, until checked
SHOWN = "_card_view"  # what the card shows again: the typed values and the errors
_FORM_ID = re.compile(r"[0-9a-f]{32}")


def card_submission(
    context: TurnContext, intent: str, fields: tuple[str, ...]
) -> tuple[str, dict[str, str]] | None:
    """(card id, inputs as text) when this message is the press of `intent`'s card, else None."""
    value = context.activity.value
    if not isinstance(value, dict) or value.get("intent") != intent:
        return None
    form = value.get("form")
    if not isinstance(form, str) or not _FORM_ID.fullmatch(form):
        return None
    inputs = {}
    for name in fields:
        raw = value.get(name)
        text = raw if isinstance(raw, str) else str(raw) if isinstance(raw, int) else ""
        inputs[name] = text.strip()[: MAX_ECHO + 1]  # over any limit still, so refused, not cut
    return form, inputs


def form_id(values: Mapping[str, Any]) -> str:
    """The card's id: the card it came from, or this conversation's action (hex either way)."""
    return str(values.get(FORM) or values[ACTION])


def save_key(values: Mapping[str, Any], actor: Actor, step: str) -> str:
    """One key per card, user and case: the same card saved twice is found; the same card
    replayed by someone else, or for another case, is not theirs to find."""
    if values.get(FORM) is None:
        return idempotency_key(values, step)
    seed = f"{values[FORM]}\n{actor.aad_id}\n{values['case_id']}".encode()
    return f"{step}:card:" + hashlib.sha256(seed).hexdigest()[:32]


def check_card(
    slots: Mapping[str, Slot],
    fields: tuple[str, ...],
    inputs: Mapping[str, str],
    values: Mapping[str, Any],
    translate: Translator,
    when_empty: Mapping[str, str],
) -> tuple[dict[str, Any], list[str]]:
    """Each input through its slot's validator: (parsed values, one error line per bad field).
    An empty input takes its default when it has one (next steps: «Ingen nye tiltak nå»).
    The input also goes as a button's `answer`, so a choice sends its id, not its label."""
    parsed: dict[str, Any] = {}
    errors: list[str] = []
    for name in fields:
        slot = slots[name]
        text = inputs.get(name) or when_empty.get(name, "")
        result = slot.parse(Answer(text, {"answer": text}), values)
        if result is None or isinstance(result, Invalid):
            key, extra = (slot.retry, {}) if result is None else (result.message, result.values)
            message = translate(key, **{**values, **extra, "typed": ""})
            errors.append(
                translate("cards.log.error", field=translate(f"field.{name}"), message=message)
            )
        else:
            parsed[name] = result
    return parsed, errors


class CardForm(FormDialog):
    """A form whose slots `card_fields` can also be answered on one card (`form_card`)."""

    card_intent: str = ""
    card_fields: tuple[str, ...] = ()

    def form_card(self, translate: Translator, values: Mapping[str, Any]) -> dict[str, Any]:
        raise NotImplementedError

    def card_when_empty(self, translate: Translator) -> Mapping[str, str]:
        """What an input left empty means, where it means something (else it is refused)."""
        return {}

    def card_fields_needed(self, inputs: Mapping[str, str]) -> tuple[str, ...]:
        """The inputs this press is checked on: all, unless an answer on the card makes some
        beside the point (the evaluation's «hva justeres» when the absence has gone down)."""
        return self.card_fields

    def with_question(
        self, question: Activity, translate: Translator, slot: Slot, values: Mapping[str, Any]
    ) -> Activity:
        """The card under the typed path's question (its text and buttons), so those who type
        answer it as before and the card needs no question of its own."""
        activity = with_card(self.form_card(translate, values), slot.buttons(translate, values))
        activity.text = question.text
        return activity

    async def prepare(self, context: TurnContext, values: dict[str, Any]) -> bool:
        submitted = card_submission(context, self.card_intent, self.card_fields)
        if submitted is not None:
            values[FORM], values[SUBMITTED] = submitted
        return await super().prepare(context, values)

    async def ask(self, context: TurnContext, slot: Slot, values: Mapping[str, Any]) -> None:
        if SHOWN in values and from_execute(context):
            # The pressed card comes back with its errors where it was, not as a new message.
            replace_card(context, self.form_card(translator(context), values))
            return
        await super().ask(context, slot, values)

    def take_card(self, context: TurnContext, values: dict[str, Any]) -> bool:
        """The card's inputs, if this turn sent them, checked: True when all are valid and in
        `values`, False when the card is to be shown again with its errors (or none was sent)."""
        if SUBMITTED not in values:
            return False
        inputs = values.pop(SUBMITTED)
        translate = translator(context)
        when_empty = self.card_when_empty(translate)
        fields = self.card_fields_needed(inputs)
        parsed, errors = check_card(self._slots, fields, inputs, values, translate, when_empty)
        if errors:
            values[SHOWN] = {"values": inputs, "errors": errors}
            return False
        values.pop(SHOWN, None)
        values.update(parsed)
        return True
