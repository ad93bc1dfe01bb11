"""Move a case up the ladder (tiltakstrappa, guide 1.3) and start that level's deadlines.

Entry: intent `escalate` (slots `pupil`, `level`) or a button with `case_id` and `level`;
without a level the next one up. Asks what the level needs: level 1 and 2 a measure and who is
responsible, on one card (dialogs.engine.card_form: the user's Teams name filled in as
responsible, the typed validators, the typed questions beside it); level 2 also the
vulnerability mapping of 2.7 (a card with a toggle and a comment
per item; "hopp over" leaves it for later); level 3 which services to cooperate with.
Outcome: the new level, the measure, the mapping as an elevlogg entry, the deadlines of the
level (2: report to leadership within 1 week, evaluate after 3 weeks; 3: interdisciplinary
cooperation within 3 weeks) confirmed with their dates.
Ladder order (issue 14): moving to 3 from below 2 also runs level 2's required steps (the
measure, the 2.7 mapping, the report to leadership within 1 week); a skipped mapping asks why
and records the reason in the elevlogg; the marked items (or the reason) are kept on the case
for the leadership report.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.schema import Activity

from casework.access import Actor
from casework.cases import already_logged, change_level, record_vulnerability, write_log
from casework.deadlines import plan
from casework.services import Services
from casework.vocab import DeadlineKind
from content.cards import render_card
from content.i18n import Translator
from content.replies.card_forms import ESCALATE_FIELDS, escalate_form, form_done
from content.replies.escalation import (
    SKIPPED,
    escalation_reply,
    mapping_log,
    mapping_record,
    vulnerability_groups,
    vulnerability_items,
)
from content.replies.triage import leadership_button
from content.rules import level_requirements
from dialogs.engine.card_form import FORM, SHOWN, CardForm, form_id, save_key
from dialogs.engine.case_form import CaseFormDialog
from dialogs.engine.form import Answer, Slot
from dialogs.engine.ids import DialogId
from dialogs.engine.replies import replace_card, replaced_card, say, translator, with_card
from dialogs.engine.slots import MAX_PERSON, free_text_problem, text_slot
from storage import repository as repo

SERVICES = ("PPT", "BUP", "ergo/fysio", "psykisk helse", "helsesykepleier")
SKIP = ("hopp over", "hopp", "senere", "seinare", "ingen", "skip", "later")
TAKEN = "cardforms.escalate.taken"  # the measure card's answers taken, the mapping to come
# Moving to a level past these runs their required steps too (1.3: «Trappa … skal følges»).
REQUIRED_ON_THE_WAY = (2,)


def _services_in(answer: Answer, values: Mapping[str, Any]) -> Any:
    text = answer.text.lower()
    found = [name for name in SERVICES if name.split("/")[0].lower() in text]
    return found or None


MAX_COMMENT = 500


class EscalateDialog(CardForm, CaseFormDialog):
    card_intent = "escalate"
    card_fields = ESCALATE_FIELDS

    def __init__(self, services: Services) -> None:
        super().__init__(DialogId.ESCALATE, services)
        self._items = vulnerability_items(services.guide)
        self._measure = self.slot(text_slot("measure"))
        self._responsible = self.slot(
            text_slot(
                "responsible",
                lambda t, v: [v["user_name"]],
                max_length=MAX_PERSON,
            )
        )
        self._mapping = self.slot(
            Slot(
                "mapping",
                "slot.mapping.ask",
                "slot.mapping.retry",
                self._parse_mapping,
                lambda t, v: [t("slot.mapping.skip")],
            )
        )
        why = text_slot("mapping_reason")  # free text, with the privacy checks of every note
        self._mapping_reason = self.slot(
            Slot(why.name, "triage.slot.mapping_reason.ask", "triage.slot.mapping_reason.retry",
                 why.parse)
        )  # fmt: skip
        self._services_slot = self.slot(
            Slot(
                "partners",
                "slot.partners.ask",
                "slot.partners.retry",
                _services_in,
                lambda t, v: list(SERVICES),
            )
        )

    def _parse_mapping(self, answer: Answer, values: Mapping[str, Any]) -> Any:
        if answer.value and answer.value.get("answer") == "vulnerability":
            # The card's comment fields are free text like any typed answer.
            marked = []
            for item_id, _ in self._items:
                if str(answer.value.get(f"item_{item_id}", "false")).lower() != "true":
                    continue
                comment = answer.value.get(f"comment_{item_id}", "")
                comment = comment.strip() if isinstance(comment, str) else ""
                if refused := free_text_problem(comment, MAX_COMMENT):
                    return refused
                marked.append({"id": item_id, "comment": comment})
            return marked
        if answer.text.lower().strip(" .!") in SKIP:
            return SKIPPED
        return None

    def prompt_activity(
        self, translate: Translator, slot: Slot, values: Mapping[str, Any]
    ) -> Activity:
        activity = super().prompt_activity(translate, slot, values)
        if slot.name == "measure" and not any(name in values for name in ESCALATE_FIELDS):
            return self.with_question(activity, translate, slot, values)
        if slot.name != "mapping":
            return activity
        card = render_card(
            "vulnerability_mapping",
            {
                "title": self.services.guide.template("kartlegging_sarbarhet").title,
                "intro": translate("slot.mapping.ask", **values),
                "groups": vulnerability_groups(self.services.guide, translate),
                "comment_placeholder": translate("slot.mapping.comment"),
                "submit": translate("button.save"),
            },
        )
        return with_card(card, slot.buttons(translate, values))

    def form_card(self, translate: Translator, values: Mapping[str, Any]) -> dict[str, Any]:
        shown = values.get(SHOWN) or {}
        level = int(values["level"])
        save = {"intent": "escalate", "case_id": values["case_id"], "level": level}
        data = escalate_form(
            translate,
            case=(values["pupil"], values["group"], level),
            values={"responsible": values["user_name"], **shown.get("values", {})},
            last_step=level == 1,
            save_data={**save, "form": form_id(values)},
            errors=list(shown.get("errors", [])),
        )
        return render_card("escalate_form", data)

    def _done_card(self, translate: Translator, values: Mapping[str, Any], status: str) -> Any:
        title = translate("cardforms.escalate.done_title", **values)
        facts = [(translate(f"field.{name}"), str(values[name])) for name in ESCALATE_FIELDS]
        return render_card("done", form_done(title, facts, translate(status)))

    async def case_slot(self, context: TurnContext, values: dict[str, Any]) -> Slot | None:
        values.setdefault("user_name", self.actor(context).name)
        target = int(values.get("level") or values["current_level"] + 1)
        values["level"] = target
        if target <= values["current_level"] or target > 3:
            return None
        level_2 = (self._measure, self._responsible, self._mapping)
        needed = {
            1: (self._measure, self._responsible),
            2: level_2,
            3: (*(level_2 if values["current_level"] < 2 else ()), self._services_slot),
        }[target]
        if self._measure in needed and self.take_card(context, values):
            # The pressed card says it was taken; saved, it says so (finish_case).
            replace_card(context, self._done_card(translator(context), values, TAKEN))
        if values.get("mapping") == SKIPPED:
            index = needed.index(self._mapping) + 1
            needed = (*needed[:index], self._mapping_reason, *needed[index:])
        return next((slot for slot in needed if slot.name not in values), None)

    def _levels_run(self, values: Mapping[str, Any]) -> list[int]:
        """The target level and the skipped levels whose required steps run with it."""
        current, target = int(values["current_level"]), int(values["level"])
        skipped = [n for n in REQUIRED_ON_THE_WAY if current < n < target]
        return [*skipped, target]

    async def finish_case(self, context: TurnContext, values: dict[str, Any]) -> Any:
        translate = translator(context)
        if not values["current_level"] < values["level"] <= 3:
            if FORM in values and await self._card_saved_before(context, values):
                return int(values["case_id"])
            key = "escalate.top" if values["level"] > 3 else "escalate.already"
            await say(context, translate(key, **values))
            return None
        services, actor, now = self.services, self.actor(context), self.services.clock.now()
        case_id, level = int(values["case_id"]), int(values["level"])
        levels = self._levels_run(values)
        rules = [rule for n in levels for rule in level_requirements(n)]
        planned = plan(services.school, rules, now)
        evaluation = next(
            (p.due_at for p in planned if p.kind == DeadlineKind.EVALUATE_MEASURES), None
        )
        today = services.school.today(now)
        mapping = values.get("mapping")
        guide = services.guide
        mapping_entry = mapping_log(guide, values, translate, today) if mapping else None
        measures = [values["measure"]] if values.get("measure") else []
        if values.get("partners"):
            partners = ", ".join(values["partners"])
            measures.append(translate("escalate.partners_measure", partners=partners))
        responsible = values.get("responsible") or actor.name

        key = save_key(values, actor, "measure")

        def save(session: Any) -> bool:
            done = repo.measure_by_key(session, tenant_id=actor.tenant_id, key=f"{key}:0")
            if done or already_logged(session, actor, f"{key}:mapping"):
                return False  # written by this action before its reply failed
            change_level(session, actor, case_id, level, planned, now)
            for number, measure in enumerate(measures):
                repo.add_measure(
                    session,
                    tenant_id=actor.tenant_id,
                    case_id=case_id,
                    description=measure,
                    responsible=responsible,
                    evaluate_on=services.school.day_of(evaluation) if evaluation else None,
                    idempotency_key=f"{key}:{number}",
                    now=now,
                )
            if mapping_entry is not None:
                write_log(session, actor, case_id, mapping_entry, now, key=f"{key}:mapping")
            if mapping is not None:
                record_vulnerability(session, actor, case_id, mapping_record(values), now)
            return True

        saved = await services.database.run(save)
        if not saved:
            await say(context, translate("trust.already_saved"))
        if replaced_card(context) is not None:  # this turn's press of the measure card
            status = "cards.log.saved" if saved else "cards.log.already_saved"
            replace_card(context, self._done_card(translate, values, status))
        deadlines = [(p.kind, services.school.local(p.due_at)) for p in planned]
        text, buttons = escalation_reply(services.guide, values, deadlines, today, translate)
        if len(levels) > 1:
            text += "\n\n" + translate(
                "triage.escalate.skipped", levels=", ".join(map(str, levels[:-1]))
            )
            offer = leadership_button(translate, values["pupil"], values["group"])
            buttons = [offer, *buttons[:2]]
        if not services.school.has_calendar:
            text += "\n\n" + translate("triage.calendar.missing")
        await say(context, text, buttons)
        return case_id

    async def _card_saved_before(self, context: TurnContext, values: dict[str, Any]) -> bool:
        """The measure card pressed again once its level is reached: what it saved, once."""
        actor: Actor = self.actor(context)
        key = save_key(values, actor, "measure")
        tenant = actor.tenant_id
        found = await self.services.database.run(
            lambda s: repo.measure_by_key(s, tenant_id=tenant, key=f"{key}:0")
        )
        if found is None:
            return False
        translate = translator(context)
        earlier = {**values, "measure": found.description, "responsible": found.responsible}
        replace_card(context, self._done_card(translate, earlier, "cards.log.already_saved"))
        await say(context, translate("trust.already_saved"))
        return True


def escalate_dialog(services: Services) -> EscalateDialog:
    return EscalateDialog(services)
