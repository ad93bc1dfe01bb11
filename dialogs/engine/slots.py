"""Slot kinds shared by the conversations: names, classes, numbers, yes/no, choices, free text.

Each returns a `Slot` whose parser accepts what teachers type (and the button values the bot
offered) and re-asks with an example otherwise. Free text is refused, not cut, when it is too
long, and a national id number is refused with a warning: the bot stores first names only.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from content.i18n import Translator
from content.nlu import Recognizer
from content.parse import yes_no
from content.privacy import health_details_in, national_id_in
from dialogs.engine.form import Answer, Buttons, Filled, Invalid, Slot, no_buttons, too_long

MAX_NAME = 40
MAX_TEXT = 1000
# A member of staff's name (author, responsible): the columns hold 255, names are far shorter.
MAX_PERSON = 100
MAX_NUMBER = 200
MAX_GRADE = 10


def _privacy(text: str) -> Invalid | None:
    if national_id_in(text):
        return Invalid("privacy.national_id")
    return None


def pupil_slot(recognizer: Recognizer, ask: str = "slot.pupil.ask") -> Slot:
    """The pupil's first name; with the class in the same answer («Ole 5B», «Ole i 5B»), both,
    the class read as the class question reads it, so that question is skipped."""
    in_class = group_slot(recognizer).parse

    def parse(answer: Answer, values: Mapping[str, Any]) -> Any:
        if refused := _privacy(answer.text):
            return refused
        if len(answer.text) > MAX_NAME:
            return Invalid("slot.pupil.too_long", {"max": MAX_NAME})
        if yes_no(answer.text) is not None:
            return None  # «Nei» answers a question; it is not a name (issue 14)
        group = in_class(answer, values)
        name = _first_name(recognizer, answer.text, beside_class=group is not None)
        if name is not None and group is not None:
            return Filled({"pupil": name, "group": group})
        return name

    return Slot("pupil", ask, "slot.pupil.retry", parse)


def _first_name(recognizer: Recognizer, text: str, *, beside_class: bool) -> str | None:
    """A name the recognizer finds, or one bare word that may be a name. Beside a class, the
    class and its little words («i», «på», «5B») are not that word."""
    name = recognizer.entity("pupil", text)
    if name is not None:
        return str(name)
    words = [text]
    if beside_class:
        words = [word for word in text.replace(",", " ").split() if recognizer.could_be_name(word)]
    if len(words) == 1 and recognizer.could_be_name(words[0]):
        return words[0][:1].upper() + words[0][1:]
    return None


def group_slot(recognizer: Recognizer) -> Slot:
    def parse(answer: Answer, values: Mapping[str, Any]) -> Any:
        text = answer.text.strip().rstrip(".")
        if text.isdigit() and 1 <= int(text) <= MAX_GRADE:
            return str(int(text))  # a bare "5" answers "which class?" with the grade
        return recognizer.entity("group", answer.text)

    return Slot("group", "slot.group.ask", "slot.group.retry", parse)


def number_slot(name: str, recognizer: Recognizer, *, minimum: int = 0) -> Slot:
    def parse(answer: Answer, values: Mapping[str, Any]) -> Any:
        number = recognizer.number(answer.text)
        if number is None or not minimum <= number <= MAX_NUMBER:
            return None
        return number

    return Slot(name, f"slot.{name}.ask", f"slot.{name}.retry", parse)


def yes_no_buttons(translate: Translator, values: Mapping[str, Any]) -> Sequence[str]:
    return [translate("button.yes"), translate("button.no")]


def yes_no_slot(name: str, buttons: Buttons = yes_no_buttons) -> Slot:
    def parse(answer: Answer, values: Mapping[str, Any]) -> Any:
        if answer.value is not None and isinstance(answer.value.get("answer"), bool):
            return answer.value["answer"]
        return yes_no(answer.text)

    return Slot(name, f"slot.{name}.ask", f"slot.{name}.retry", parse, buttons)


def answer_slot(name: str, match: Callable[[str], Any], buttons: Buttons = yes_no_buttons) -> Slot:
    """A yes/no question whose typed answer may say more than yes or no («søkt om permisjon»,
    «vet ikke»): `match` reads it; the yes/no buttons still send their value."""

    def parse(answer: Answer, values: Mapping[str, Any]) -> Any:
        if answer.value is not None and isinstance(answer.value.get("answer"), bool):
            return answer.value["answer"]
        return match(answer.text)

    return Slot(name, f"slot.{name}.ask", f"slot.{name}.retry", parse, buttons)


def choice_slot(
    name: str,
    choices: Sequence[str],
    match: Callable[[str], str | None],
) -> Slot:
    """One of `choices` (ids); the buttons show `slot.<name>.<choice>` and send that label."""

    def buttons(translate: Translator, values: Mapping[str, Any]) -> Sequence[str]:
        return [translate(f"slot.{name}.{choice}", **values) for choice in choices]

    def parse(answer: Answer, values: Mapping[str, Any]) -> Any:
        if answer.value is not None and answer.value.get("answer") in choices:
            return answer.value["answer"]
        return match(answer.text)

    return Slot(name, f"slot.{name}.ask", f"slot.{name}.retry", parse, buttons)


def free_text_problem(text: str, max_length: int = MAX_TEXT) -> Invalid | None:
    """Why free text (typed, or a card's input field) cannot be stored, or None: too long, a
    national id number, health details."""
    if len(text) > max_length:
        return too_long(text, max_length)
    if refused := _privacy(text):
        return refused
    if health_details_in(text):
        return Invalid("privacy.health")
    return None


def text_slot(name: str, buttons: Buttons = no_buttons, *, max_length: int = MAX_TEXT) -> Slot:
    """Free text, kept as typed. Health details belong in Visma Sikker sak, not here: the answer
    is refused with that advice, and the user rephrases ("syk" is fine)."""

    def parse(answer: Answer, values: Mapping[str, Any]) -> Any:
        if refused := free_text_problem(answer.text, max_length):
            return refused
        return answer.text or None

    return Slot(name, f"slot.{name}.ask", f"slot.{name}.retry", parse, buttons)
