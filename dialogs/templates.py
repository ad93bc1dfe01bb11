"""Show a template or tool from the guide (part II 2.1–2.8, part III 3.1–3.8), filled in.

Entry: intent `show_template`; slots `template` (a template id, or `undringssamtale` when the
form is not named) and `pupil` (optional, fills `{pupil}`). Asks only for a missing or
ambiguous template, with buttons for the common ones; an answer that names no template is
re-asked with an example. A template with pronouns (2.3, «hans trivsel») for a named pupil takes
the pronoun kept on the pupil's case, or asks once («hun», «han» or «bare navnet») and keeps
the answer on the case (issue 14). Outcome: the full template text; at most the pronoun stored.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from botbuilder.core import TurnContext

from casework.access import visible_cases_of_pupil
from casework.cases import remember_pronoun
from casework.services import Services
from content.answers import UNDRINGSSAMTALE, template_choices, template_menu
from content.i18n import Translator
from content.render import render_template
from content.rules.pronouns import NAME_ONLY, pronoun_answer, pronoun_values
from dialogs.engine.form import Answer, FormDialog, Slot
from dialogs.engine.ids import DialogId
from dialogs.engine.replies import text_reply
from dialogs.engine.turn import actor_of

COMMON = (
    "telefonsamtale",
    "fravaersmelding",
    "undringssamtale_1",
    "naervaersmote",
    "samarbeidsavtale",
    "kartlegging_sarbarhet",
)  # Teams shows at most six suggested actions.
SECTION = re.compile(r"^\s*([23]\.[1-8])\b")
# "_": the form's own bookkeeping, never taken from a button's payload.
WHICH_UNDRINGSSAMTALE = "_which_undringssamtale"
CASE = "_case"
PRONOUN_PLACEHOLDER = "hans"
GENERIC_PRONOUNS = {"hans": "hans/hennes", "han": "han/hun", "han_igjen": "han/hun"}


def _pronoun_buttons(translate: Translator, values: Mapping[str, Any]) -> list[str]:
    return [translate(f"triage.slot.pronoun.{choice}") for choice in ("hun", "han", NAME_ONLY)]


class ShowTemplateDialog(FormDialog):
    def __init__(self, services: Services) -> None:
        super().__init__(DialogId.SHOW_TEMPLATE)
        self._services = services
        self._template = self.slot(
            Slot("template", "templates.ask", "templates.reask", self._parse, self._buttons)
        )
        self._pronoun = self.slot(
            Slot(
                "pronoun",
                "triage.slot.pronoun.ask",
                "triage.slot.pronoun.retry",
                lambda answer, values: pronoun_answer(answer.text),
                _pronoun_buttons,
            )
        )

    async def prepare(self, context: TurnContext, values: dict[str, Any]) -> bool:
        if values.get("template") == "undringssamtale":
            values[WHICH_UNDRINGSSAMTALE] = True
        if values.get("template") not in self._services.guide.templates:
            values.pop("template", None)
        return True

    async def next_slot(self, context: TurnContext, values: dict[str, Any]) -> Slot | None:
        if "template" not in values:
            return self._template
        if not self._needs_pronoun(values) or "pronoun" in values:
            return None
        if CASE not in values:
            actor = actor_of(context)
            found = await self._services.database.run(
                lambda session: visible_cases_of_pupil(session, actor, values["pupil"])
            )
            open_cases = [case for case in found if case.status == "open"]
            values[CASE] = open_cases[0].id if len(open_cases) == 1 else None
            if open_cases and len(open_cases) == 1 and open_cases[0].pronoun:
                values["pronoun"] = open_cases[0].pronoun
                return None
        return self._pronoun

    def _needs_pronoun(self, values: Mapping[str, Any]) -> bool:
        template = self._services.guide.templates[values["template"]]
        return bool(values.get("pupil")) and PRONOUN_PLACEHOLDER in template.placeholders

    def question(self, translate: Translator, slot: Slot, values: Mapping[str, Any]) -> str:
        if slot is self._pronoun:
            return super().question(translate, slot, values)
        if values.get(WHICH_UNDRINGSSAMTALE):
            return translate("templates.which_undringssamtale")
        return template_menu(self._services.guide, translate)

    def _buttons(self, translate: Translator, values: Mapping[str, Any]) -> Sequence[str]:
        wanted = UNDRINGSSAMTALE if values.get(WHICH_UNDRINGSSAMTALE) else COMMON
        return [
            title
            for title, template_id in template_choices(self._services.guide)
            if template_id in wanted
        ]

    def _parse(self, answer: Answer, values: Mapping[str, Any]) -> Any:
        return self.template_id(answer.text)

    async def finish(self, context: TurnContext, values: dict[str, Any]) -> Any:
        template_id = values["template"]
        filled: dict[str, Any] = {"pupil": values["pupil"]} if values.get("pupil") else {}
        pronoun = values.get("pronoun")
        if values.get("pupil"):
            filled.update(pronoun_values(values["pupil"], pronoun))
        else:
            filled.update(GENERIC_PRONOUNS)
        if pronoun in ("hun", "han") and values.get(CASE):
            actor, case_id, now = actor_of(context), int(values[CASE]), self._services.clock.now()
            await self._services.database.run(
                lambda session: remember_pronoun(session, actor, case_id, pronoun, now)
            )
        text = render_template(self._services.guide, template_id, filled)
        await context.send_activity(text_reply(text))
        return template_id

    def template_id(self, answer: str | None) -> str | None:
        """A template named by its section number, its id, or in words the recognizer knows."""
        text = (answer or "").strip()
        guide = self._services.guide
        if text in guide.templates:
            return text
        section = SECTION.match(text)
        if section:
            return guide.template_for_section(section.group(1)).id
        template = self._services.recognizer.recognize(text).entities.get("template")
        return template if template in guide.templates else None


def show_template_dialog(services: Services) -> ShowTemplateDialog:
    return ShowTemplateDialog(services)
