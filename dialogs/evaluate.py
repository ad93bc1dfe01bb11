"""Evaluate the measures (the 3-week evaluation of guide 1.3, levels 1 and 2).

Entry: intent `evaluate` (slot `pupil`) or a reminder's button with `case_id`. A case with a
cooperation agreement (2.6) whose measures go on is handed to `evaluate_agreement` (each measure
continued, adjusted, done or dropped). Otherwise asks whether the
absence has gone down: yes → continue the measures or close the case; partly → what is
adjusted, and a new evaluation in 3 weeks; no → the next level is proposed. Then what pupil and
guardians say. The first question comes with the one-card form (dialogs.engine.card_form): the
four answers on one card, the typed path's default filled («Ikke snakket med dem ennå»), checked
by the same validators («delvis» needs what is adjusted); typed answers go on question by
question. Outcome: an append-only log entry, the evaluation deadline done, and a new
evaluation deadline or a closed case; a pressed card becomes «✔ Lagret».
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.dialogs import DialogContext, DialogTurnResult
from botbuilder.schema import Activity

from casework.cases import already_logged, close_case, write_log
from casework.deadlines import add_planned, plan
from casework.meeting import has_measures_to_evaluate
from casework.services import Services
from casework.vocab import DeadlineKind
from content.cards import render_card
from content.i18n import Translator
from content.parse import choose
from content.replies.card_forms import EVALUATE_FIELDS, evaluate_form, form_done
from content.replies.log import LogFields
from content.replies.when import due_phrase
from content.rules import DeadlineRule
from dialogs.engine.card_form import FORM, SHOWN, CardForm, form_id, save_key
from dialogs.engine.case_form import CaseFormDialog
from dialogs.engine.form import Slot
from dialogs.engine.ids import DialogId
from dialogs.engine.replies import replace_card, say, translator
from dialogs.engine.slots import choice_slot, text_slot

OUTCOMES = ("improved", "partly", "not_improved")
AGREEMENT = "_agreement"  # the case has an agreement whose measures go on
NEXT = ("continue", "close")
EVALUATE_AGAIN = DeadlineRule(DeadlineKind.EVALUATE_MEASURES, "after_weeks", 3)


# "delvis" before "ja"/"nei": the first choice that matches wins, so "ja, delvis" is partly.
OUTCOME_WORDS = {
    "partly": ("delvis", "litt", "partly", "noe"),
    "not_improved": ("nei", "ikke", "ikkje", "verre", "no", "not"),
    "improved": ("ja", "gått ned", "bedre", "yes", "improved"),
}
NEXT_WORDS = {
    "continue": ("fortsett", "fortsette", "fortset", "halde", "hald fram", "continue", "behold"),
    "close": ("avslutt", "avslutte", "close", "lukk"),
}


class EvaluateDialog(CardForm, CaseFormDialog):
    card_intent = "evaluate"
    card_fields = EVALUATE_FIELDS

    def __init__(self, services: Services) -> None:
        super().__init__(DialogId.EVALUATE, services)
        self._outcome = self.slot(
            choice_slot("outcome", OUTCOMES, lambda text: choose(text, OUTCOME_WORDS))
        )
        self._next = self.slot(choice_slot("next", NEXT, lambda text: choose(text, NEXT_WORDS)))
        self._adjustment = self.slot(text_slot("adjustment"))
        self._note = self.slot(text_slot("note", lambda t, v: [t("slot.note.none")]))

    async def _ask_next(
        self, dialog_context: DialogContext, values: dict[str, Any]
    ) -> DialogTurnResult:
        """A case with a cooperation agreement is evaluated measure by measure (2.6)."""
        slot = await self.next_slot(dialog_context.context, values)
        if slot is not None and values.get(AGREEMENT):
            options = {"case_id": values["case_id"]}
            return await dialog_context.replace_dialog(DialogId.EVALUATE_AGREEMENT, options)
        return await super()._ask_next(dialog_context, values)

    async def case_slot(self, context: TurnContext, values: dict[str, Any]) -> Slot | None:
        if AGREEMENT not in values:
            actor, case_id = self.actor(context), int(values["case_id"])
            values[AGREEMENT] = await self.services.database.run(
                lambda s: has_measures_to_evaluate(s, actor, case_id)
            )
        if values[AGREEMENT]:
            return self._outcome  # handed to evaluate_agreement, the card left unread
        self.take_card(context, values)
        needed = [self._outcome]
        if values.get("outcome") == "improved":
            needed.append(self._next)
        if values.get("outcome") == "partly":
            needed.append(self._adjustment)
        needed.append(self._note)
        return next((slot for slot in needed if slot.name not in values), None)

    def card_fields_needed(self, inputs: Mapping[str, str]) -> tuple[str, ...]:
        """What goes on only matters when the absence has gone down, what is adjusted only
        when it has partly; the outcome and what pupil and guardians say, always."""
        depends: dict[str, tuple[str, ...]] = {"improved": ("next",), "partly": ("adjustment",)}
        return ("outcome", *depends.get(inputs.get("outcome", ""), ()), "note")

    def prompt_activity(
        self, translate: Translator, slot: Slot, values: Mapping[str, Any]
    ) -> Activity:
        activity = super().prompt_activity(translate, slot, values)
        if slot.name != "outcome" or any(name in values for name in EVALUATE_FIELDS):
            return activity
        return self.with_question(activity, translate, slot, values)

    def form_card(self, translate: Translator, values: Mapping[str, Any]) -> dict[str, Any]:
        defaults = {"next": NEXT[0], "note": translate("slot.note.none")}
        shown = values.get(SHOWN) or {}
        save = {"intent": "evaluate", "case_id": values["case_id"], "form": form_id(values)}
        data = evaluate_form(
            translate,
            case=(values["pupil"], values["group"]),
            values={**defaults, **shown.get("values", {})},
            outcomes=OUTCOMES,
            nexts=NEXT,
            save_data=save,
            errors=list(shown.get("errors", [])),
        )
        return render_card("evaluate_form", data)

    def _done_card(self, translate: Translator, values: Mapping[str, Any], status: str) -> Any:
        title = translate("cardforms.evaluate.done_title", **values)
        outcome = translate(f"slot.outcome.{values['outcome']}")
        facts = [(translate("field.outcome"), outcome), (translate("field.note"), values["note"])]
        return render_card("done", form_done(title, facts, translate(status)))

    async def finish_case(self, context: TurnContext, values: dict[str, Any]) -> Any:
        services, actor, translate = self.services, self.actor(context), translator(context)
        now = services.clock.now()
        today = services.school.today(now)
        case_id, outcome = int(values["case_id"]), values["outcome"]
        closing = values.get("next") == "close"
        again = (
            []
            if closing or outcome == "not_improved"
            else plan(services.school, [EVALUATE_AGAIN], now)
        )
        when = due_phrase(translate, services.school.local(again[0].due_at), today) if again else ""
        next_steps = translate(
            f"evaluate.next.{'close' if closing else outcome}",
            adjustment=values.get("adjustment", ""),
            level=min(values["current_level"] + 1, 3),
            when=when,
        )
        entry = LogFields(
            pupil=values["pupil"],
            group=values["group"],
            contact_date=today,
            reason=translate("evaluate.reason", outcome=translate(f"slot.outcome.{outcome}")),
            guardians_view=values["note"],
            next_steps=next_steps,
            level=values["current_level"],
            author=actor.name,
        )

        key = save_key(values, actor, "log")

        def save(session: Any) -> bool:
            if already_logged(session, actor, key) is not None:
                return False  # written by this action before its reply failed
            completes = [DeadlineKind.EVALUATE_MEASURES]
            write_log(session, actor, case_id, entry, now, completes=completes, key=key)
            add_planned(session, actor, case_id, again, now)
            if closing:
                close_case(session, actor, case_id, now)
            return True

        saved = await services.database.run(save)
        if not saved:
            await say(context, translate("trust.already_saved"))
        if FORM in values:  # the pressed card, if any: its answers and whether they went in
            status = "cards.log.saved" if saved else "cards.log.already_saved"
            replace_card(context, self._done_card(translate, values, status))
        buttons = []
        if outcome == "not_improved" and values["current_level"] < 3:
            level = values["current_level"] + 1
            buttons.append(translate("log.escalate_value", pupil=values["pupil"], level=level))
        text = translate("evaluate.saved", pupil=values["pupil"], next_steps=next_steps)
        if again and not services.school.has_calendar:
            text += "\n\n" + translate("triage.calendar.missing")
        await say(context, text, buttons)
        return case_id


def evaluate_dialog(services: Services) -> EvaluateDialog:
    return EvaluateDialog(services)
