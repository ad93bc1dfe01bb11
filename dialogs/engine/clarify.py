"""When the recognizer is unsure, ask: «Mente du: Loggfør kontakt · Nærværsmøte · Noe annet».

The root dialog starts `ClarifyDialog` when the runners-up of a message score nearly as well as
the winner and lead to other conversations. It offers the likely meanings as suggested actions
whose title is their value (Teams and its emulator send the title as typed text), and routes a
choice with the entities the message held for that meaning. «Noe annet» gets the main tasks as
buttons; anything else typed is routed afresh, as if no question had been asked.
State: the offered intents and their entities (no typed text).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from botbuilder.dialogs import Dialog, DialogContext, DialogTurnResult
from botbuilder.schema import ActivityTypes

from content.i18n import SUPPORTED_LANGUAGES, Translator
from content.intents import Intent
from content.nlu import Recognition
from dialogs.engine import ids
from dialogs.engine.replies import say, translator, with_buttons

CHOICES = "choices"
OTHER = "other"
# What the unknown answer and «Noe annet» offer: the main tasks of a teacher.
MAIN_TASKS = (
    Intent.REPORT_ABSENCE,
    Intent.LOG_CONTACT,
    Intent.EXPLAIN_LADDER,
    Intent.SHOW_TEMPLATE,
    Intent.HELP,
)


def intent_title(translate: Translator, intent: str) -> str:
    return translate(f"intent.title.{intent}")


def main_task_buttons(translate: Translator) -> list[str]:
    return [intent_title(translate, i) for i in MAIN_TASKS]


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


class TitledRecognizer:
    """Our own buttons' titles (in any language) read back as the intent they stand for; every
    other message goes to the inner recognizer."""

    def __init__(self, inner: Any, base: Any) -> None:
        self._inner, self._base = inner, base
        self._titles = {
            _key(intent_title(Translator(language), intent)): intent
            for language in SUPPORTED_LANGUAGES
            for intent in MAIN_TASKS
        }

    def recognize(self, text: str, locale: str = "nb-NO") -> Any:
        intent = self._titles.get(_key(text))
        if intent is not None:
            return Recognition(intent)
        return self._inner.recognize(text, locale)

    def might_be(self, intent: str, text: str) -> bool:
        return self._inner.might_be(intent, text)

    def request(self, text: str) -> Any:
        if _key(text) in self._titles:
            return None
        return self._base.request(text)

    def entities_for(self, intent: str, text: str) -> dict[str, Any]:
        return self._base.entities_for(intent, text)


class ClarifyDialog(Dialog):
    def __init__(self, routes: Mapping[str, str]) -> None:
        super().__init__(ids.CLARIFY)
        self._routes = dict(routes)

    async def begin_dialog(
        self, dialog_context: DialogContext, options: object = None
    ) -> DialogTurnResult:
        choices = dict(options) if isinstance(options, dict) else {}
        dialog_context.active_dialog.state[CHOICES] = choices
        translate = translator(dialog_context.context)
        titles = [intent_title(translate, intent) for intent in choices]
        buttons = [*titles, translate("clarify.other")]
        await dialog_context.context.send_activity(with_buttons(translate("clarify.ask"), buttons))
        return Dialog.end_of_turn

    async def continue_dialog(self, dialog_context: DialogContext) -> DialogTurnResult:
        context = dialog_context.context
        if context.activity.type != ActivityTypes.message:
            return Dialog.end_of_turn
        choices: dict[str, Any] = dialog_context.active_dialog.state.get(CHOICES) or {}
        translate = translator(context)
        typed = _key(context.activity.text or "")
        for intent, entities in choices.items():
            if typed == _key(intent_title(translate, intent)) and intent in self._routes:
                options = {**(entities or {}), "intent": intent}
                return await dialog_context.replace_dialog(self._routes[intent], options)
        if typed == _key(translate("clarify.other")):
            await say(context, translate("clarify.other.answer"), main_task_buttons(translate))
            return await dialog_context.end_dialog()
        # Not one of the offered meanings: a new message, routed as if nothing was asked.
        await dialog_context.cancel_all_dialogs()
        return await dialog_context.begin_dialog(ids.ROUTE)


def clarify_options(
    recognition: Any, routes: Mapping[str, str], recognizer: Any, text: str
) -> dict[str, dict[str, Any]] | None:
    """The meanings to offer, each with its entities, or None when the winner is clear: runners-up
    that lead to the winner's own conversation (absence and wellbeing both go to the report)
    are not another meaning."""
    alternatives: Sequence[str] = getattr(recognition, "alternatives", ())
    winner = routes.get(recognition.intent)
    if winner is None or not alternatives:
        return None
    others = [a for a in alternatives if a in routes and routes[a] != winner]
    if not others:
        return None
    choices = {recognition.intent: dict(recognition.entities)}
    for intent in others:
        choices[intent] = recognizer.entities_for(intent, text)
    return choices
