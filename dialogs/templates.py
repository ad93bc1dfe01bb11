"""Show a template or tool from the guide (part II 2.1–2.8, part III 3.1–3.8), filled in.

Entry: intent `show_template`; slots `template` (a template id, or `undringssamtale` when the
form is not named) and `pupil` (optional, fills `{pupil}`). Asks only for a missing or
ambiguous template, with buttons for the common ones; an answer that names no template is
re-asked with an example. Outcome: the full template text; nothing stored.
"""

from __future__ import annotations

import re

from botbuilder.dialogs import (
    ComponentDialog,
    DialogTurnResult,
    PromptOptions,
    PromptValidatorContext,
    TextPrompt,
    WaterfallDialog,
    WaterfallStepContext,
)

from content.answers import UNDRINGSSAMTALE, template_choices, template_menu
from content.render import render_template
from dialogs import ids
from dialogs.replies import text_reply, translator, with_buttons
from dialogs.services import Services

ASK_TEMPLATE = f"{ids.SHOW_TEMPLATE}.ask_template"
COMMON = (
    "telefonsamtale",
    "fravaersmelding",
    "undringssamtale_1",
    "naervaersmote",
    "samarbeidsavtale",
    "kartlegging_sarbarhet",
)  # Teams shows at most six suggested actions.
SECTION = re.compile(r"^\s*([23]\.[1-8])\b")


class ShowTemplateDialog(ComponentDialog):
    def __init__(self, services: Services) -> None:
        super().__init__(ids.SHOW_TEMPLATE)
        self._services = services
        self.add_dialog(TextPrompt(ASK_TEMPLATE, self._is_template))
        self.add_dialog(
            WaterfallDialog(f"{ids.SHOW_TEMPLATE}.flow", [self.ask_template, self.show])
        )
        self.initial_dialog_id = f"{ids.SHOW_TEMPLATE}.flow"

    async def ask_template(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values.update(step.options or {})
        template_id = step.values.get("template")
        if template_id in self._services.guide.templates:
            return await step.next(template_id)
        translate = translator(step.context)
        if template_id == "undringssamtale":
            text, wanted = translate("templates.which_undringssamtale"), UNDRINGSSAMTALE
        else:
            text, wanted = template_menu(self._services.guide, translate), COMMON
        buttons = [
            (title, title) for title, tid in template_choices(self._services.guide) if tid in wanted
        ]
        prompt = with_buttons(text, buttons)
        retry = with_buttons(translate("templates.reask"), buttons)
        return await step.prompt(ASK_TEMPLATE, PromptOptions(prompt=prompt, retry_prompt=retry))

    async def show(self, step: WaterfallStepContext) -> DialogTurnResult:
        template_id = self.template_id(step.result)
        values = {"pupil": step.values["pupil"]} if step.values.get("pupil") else {}
        text = render_template(self._services.guide, template_id, values)
        await step.context.send_activity(text_reply(text))
        return await step.end_dialog(template_id)

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

    async def _is_template(self, prompt: PromptValidatorContext) -> bool:
        return prompt.recognized.succeeded and self.template_id(prompt.recognized.value) is not None


def show_template_dialog(services: Services) -> ShowTemplateDialog:
    return ShowTemplateDialog(services)
