"""Show a template or tool from the guide (part II 2.1–2.8, part III 3.1–3.8), filled in.

Entry: intent `show_template`; slots `template` (a template id, or `undringssamtale` when the
form is not named) and `pupil` (optional, fills `{pupil}`). Asks only for a missing or
ambiguous template, with buttons for the common ones; an answer that names no template is
re-asked with an example. Outcome: the full template text; nothing stored.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from botbuilder.core import TurnContext

from casework.services import Services
from content.answers import UNDRINGSSAMTALE, template_choices, template_menu
from content.i18n import Translator
from content.render import render_template
from dialogs.engine.form import Answer, FormDialog, Slot
from dialogs.engine.ids import DialogId
from dialogs.engine.replies import text_reply

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


class ShowTemplateDialog(FormDialog):
    def __init__(self, services: Services) -> None:
        super().__init__(DialogId.SHOW_TEMPLATE)
        self._services = services
        self._template = self.slot(
            Slot("template", "templates.ask", "templates.reask", self._parse, self._buttons)
        )

    async def prepare(self, context: TurnContext, values: dict[str, Any]) -> bool:
        if values.get("template") == "undringssamtale":
            values[WHICH_UNDRINGSSAMTALE] = True
        if values.get("template") not in self._services.guide.templates:
            values.pop("template", None)
        return True

    async def next_slot(self, context: TurnContext, values: dict[str, Any]) -> Slot | None:
        return None if "template" in values else self._template

    def question(self, translate: Translator, slot: Slot, values: Mapping[str, Any]) -> str:
        if values.get(WHICH_UNDRINGSSAMTALE):
            return translate("templates.which_undringssamtale")
        return template_menu(self._services.guide, translate)

    def _buttons(
        self, translate: Translator, values: Mapping[str, Any]
    ) -> Sequence[tuple[str, str]]:
        wanted = UNDRINGSSAMTALE if values.get(WHICH_UNDRINGSSAMTALE) else COMMON
        return [
            (title, title)
            for title, template_id in template_choices(self._services.guide)
            if template_id in wanted
        ]

    def _parse(self, answer: Answer, values: Mapping[str, Any]) -> Any:
        return self.template_id(answer.text)

    async def finish(self, context: TurnContext, values: dict[str, Any]) -> Any:
        template_id = values["template"]
        filled = {"pupil": values["pupil"]} if values.get("pupil") else {}
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
