"""The end of a form with several answers: a summary to check with *Lagre* / *Endre*, and
which answer to change when *Endre* is chosen (it is then asked again)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from content.i18n import SUPPORTED_LANGUAGES, Translator
from dialogs.engine.form import Answer, Slot


def _confirm_buttons(translate: Translator, values: Mapping[str, Any]) -> Sequence[str]:
    return [translate("button.save"), translate("button.edit")]


def _parse_confirm(answer: Answer, values: Mapping[str, Any]) -> Any:
    if answer.value and answer.value.get("answer") in ("save", "edit"):
        return answer.value["answer"]
    words = answer.text.lower()
    if words.startswith(("lagre", "lagr", "ja", "ok", "save", "yes")):
        return "save"
    if words.startswith(("endre", "endr", "rett", "edit", "nei")):
        return "edit"
    return None


def confirm_slot() -> Slot:
    """`confirm`: "save" or "edit", from the summary card's buttons or typed."""
    return Slot(
        "confirm", "slot.confirm.ask", "slot.confirm.retry", _parse_confirm, _confirm_buttons
    )


def edit_field_slot(fields: Sequence[str]) -> Slot:
    """`edit_field`: which of `fields` to ask again, by its label (`field.<name>`)."""

    def buttons(translate: Translator, values: Mapping[str, Any]) -> Sequence[str]:
        return [translate(f"field.{name}") for name in fields]

    def parse(answer: Answer, values: Mapping[str, Any]) -> Any:
        # The parser does not know the user's language: a label in any of them is accepted.
        text = answer.text.strip().lower()
        translators = [Translator(language) for language in SUPPORTED_LANGUAGES]
        for name in fields:
            if text == name or text in (t(f"field.{name}").lower() for t in translators):
                return name
        return None

    return Slot("edit_field", "slot.edit_field.ask", "slot.edit_field.retry", parse, buttons)
