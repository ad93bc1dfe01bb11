"""Log a contact with the home: the 7 fields of guide 2.8, then a text to paste into Visma.

Entry: intent `log_contact` (slot `pupil`) or a button with `case_id`. The case is found first
(dialogs.case_form). The one-card form (dialogs.engine.card_form) comes first, alone: its date
field asks the first question, its buttons (today, yesterday) sit beside it; filled in and saved
there, nothing more is asked. Typed answers go on question by question:
the 7 fields, one at a time, with defaults offered as buttons: today,
the case's reason, the case's level, the user's name from Teams. A summary follows with
*Lagre* / *Endre*; *Endre* asks which field and asks it again. Outcome: one append-only log
entry (fraværslogg at level 0, elevlogg from level 1), the contact deadlines it settles marked
done, and the next deadline. A date agreed in «videre tiltak eller dato for nytt møte»
(«nærværsmøte fredag kl 12», «8.12») becomes a `next_contact` deadline with its morning reminder
(issue 14); «meg» as the author is the user's Teams name. `avbryt` at any point saves nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.schema import Activity

from casework.cases import log_contact
from casework.deadlines import planned_on
from casework.services import Services
from casework.vocab import DeadlineKind
from content.cards import render_card
from content.dates_in_text import agreed_date
from content.i18n import Translator
from content.parse import level as parse_level
from content.parse import past_date
from content.replies.log import (
    FORM_FIELDS,
    LogFields,
    log_done,
    log_form,
    log_summary,
    saved_card,
)
from content.replies.report import unsafe_notice
from content.rules import suggests_unsafe_environment
from dialogs.engine.card_form import SHOWN, CardForm, form_id, save_key
from dialogs.engine.case_form import CaseFormDialog
from dialogs.engine.form import Answer, Invalid, Slot
from dialogs.engine.ids import DialogId
from dialogs.engine.replies import replace_card, translator, with_card
from dialogs.engine.review import confirm_slot, edit_field_slot
from dialogs.engine.slots import MAX_PERSON, text_slot

FIELDS = ("contact_date", "reason", "guardians_view", "next_steps", "level", "author")
MYSELF = frozenset({"meg", "jeg", "eg", "meg selv", "meg sjølv", "me", "myself"})
# A contact with the home settles these deadlines.
SETTLES = (
    DeadlineKind.CONTACT_GUARDIANS,
    DeadlineKind.ASK_OTHER_CODE_CAUSE,
    DeadlineKind.NEXT_CONTACT,
)


def _same(translate: Translator, values: Mapping[str, Any], key: str) -> list[str]:
    return [translate(key, **values)]


class LogContactDialog(CardForm, CaseFormDialog):
    card_intent = "log_contact"
    card_fields = FORM_FIELDS

    def __init__(self, services: Services) -> None:
        super().__init__(DialogId.LOG_CONTACT, services)

        def today_buttons(t: Translator, v: Mapping[str, Any]) -> list[str]:
            return [t("slot.contact_date.today"), t("slot.contact_date.yesterday")]

        self._slots_in_order: list[Slot] = [
            self.slot(
                Slot(
                    "contact_date",
                    "slot.contact_date.ask",
                    "slot.contact_date.retry",
                    self._parse_date,
                    today_buttons,
                )
            ),
            self.slot(text_slot("reason", lambda t, v: _same(t, v, "slot.reason.default"))),
            self.slot(text_slot("guardians_view")),
            self.slot(text_slot("next_steps", lambda t, v: _same(t, v, "slot.next_steps.none"))),
            self.slot(
                Slot(
                    "level",
                    "slot.level.ask",
                    "slot.level.retry",
                    self._parse_level,
                    self._level_buttons,
                )
            ),
            self.slot(text_slot("author", lambda t, v: [v["user_name"]], max_length=MAX_PERSON)),
        ]
        self._confirm = self.slot(confirm_slot())
        self._edit = self.slot(edit_field_slot(FIELDS))

    def _today(self) -> date:
        return self.services.school.today()

    def _parse_date(self, answer: Answer, values: Mapping[str, Any]) -> Any:
        found = past_date(answer.text, self._today())
        if found is None:
            return None
        if found > self._today():
            return Invalid("slot.contact_date.future")
        return found.isoformat()

    def _parse_level(self, answer: Answer, values: Mapping[str, Any]) -> int | None:
        """The case's level or a higher one (what the buttons offer); never a lower one."""
        found = parse_level(answer.text)
        return found if found is not None and found >= values.get("current_level", 0) else None

    def _level_buttons(self, translate: Translator, values: Mapping[str, Any]) -> Sequence[str]:
        current = values.get("current_level", 0)
        return [translate("slot.level.button", level=n) for n in range(current, 4)]

    def prompt_activity(
        self, translate: Translator, slot: Slot, values: Mapping[str, Any]
    ) -> Activity:
        if slot.name == "contact_date" and not any(name in values for name in FIELDS):
            # The card asks the first question itself (its date's label), so no text bubble
            # comes above it; the question's buttons stay beside it, for those who type.
            return with_card(self.form_card(translate, values), slot.buttons(translate, values))
        if slot.name != "confirm":
            return super().prompt_activity(translate, slot, values)
        data = log_summary(self.services.guide, self._entry(values), translate)
        return with_card(render_card("log_summary", data))

    def form_card(self, translate: Translator, values: Mapping[str, Any]) -> dict[str, Any]:
        """Before anything is typed: today, the case's level and reason, the user's name."""
        defaults = {
            "contact_date": self._today().isoformat(),
            "level": str(values.get("current_level", 0)),
            "reason": str(values.get("reason_default", "")),
            "author": str(values.get("user_name", "")),
        }
        shown = values.get(SHOWN) or {}
        filled = {**defaults, **shown.get("values", {})}
        save = {"intent": "log_contact", "case_id": values["case_id"], "form": form_id(values)}
        data = log_form(
            self.services.guide,
            translate,
            case=(values["pupil"], values["group"], int(values.get("current_level", 0))),
            values=filled,
            today=self._today(),
            save_data=save,
            errors=list(shown.get("errors", [])),
        )
        return render_card("log_form", data)

    def card_when_empty(self, translate: Translator) -> Mapping[str, str]:
        return {"next_steps": translate("slot.next_steps.none")}

    async def case_slot(self, context: TurnContext, values: dict[str, Any]) -> Slot | None:
        values.setdefault("user_name", self.actor(context).name)
        values.setdefault("reason_default", self._default_reason(context, values))
        if self.take_card(context, values):
            values["confirm"] = "save"
        elif SHOWN in values and "contact_date" not in values:
            return self._slots_in_order[0]  # the card again, with its errors
        if values.get("confirm") == "edit":
            if "edit_field" not in values:
                return self._edit
            values.pop(values.pop("edit_field"), None)
            values.pop("confirm")
        for slot in self._slots_in_order:
            if slot.name not in values:
                return slot
        return None if values.get("confirm") == "save" else self._confirm

    def _default_reason(self, context: TurnContext, values: Mapping[str, Any]) -> str:
        # The reason goes into Visma: the school's Norwegian, not the user's language.
        translate = Translator(self.services.language.records)
        criteria = values.get("criteria") or []
        key = f"criterion.{criteria[0]}" if criteria else "criterion.none"
        return translate(key)

    def _entry(self, values: Mapping[str, Any]) -> LogFields:
        level = int(values.get("level", values.get("current_level", 0)))
        return LogFields(
            pupil=values["pupil"],
            group=values["group"],
            contact_date=date.fromisoformat(values["contact_date"]),
            reason=values["reason"],
            guardians_view=values["guardians_view"],
            next_steps=values["next_steps"],
            level=level,
            author=values["user_name"] if values["author"].lower() in MYSELF else values["author"],
        )

    async def finish_case(self, context: TurnContext, values: dict[str, Any]) -> Any:
        services, actor, entry = self.services, self.actor(context), self._entry(values)
        now, case_id = services.clock.now(), int(values["case_id"])
        unsafe = any(
            suggests_unsafe_environment(values[f])
            for f in ("reason", "guardians_view", "next_steps")
        )
        agreed_day = agreed_date(entry.next_steps, self._today())
        agreed = (
            planned_on(services.school, DeadlineKind.NEXT_CONTACT, agreed_day, now)
            if agreed_day
            else None
        )
        key = save_key(values, actor, "log")
        logged = await services.database.run(
            lambda session: log_contact(
                session,
                actor,
                case_id,
                entry,
                now,
                key=key,
                settles=SETTLES,
                agreed=agreed,
                unsafe=unsafe,
            )
        )
        translate = translator(context)
        next_due = None
        if logged.upcoming:  # the soonest open deadline, in local time
            kind, due_at = logged.upcoming[0]
            next_due = (kind, services.school.local(due_at))
        saved = logged.earlier or entry
        status = "cards.log.saved" if logged.earlier is None else "cards.log.already_saved"
        done = log_done(services.guide, saved, translate, translate(status))
        replace_card(context, render_card("done", done))  # the pressed «Lagre» card, if any
        if logged.earlier is not None:
            # A «Lagre» re-sent after a failed reply: the entry as it was saved, once.
            records = Translator(services.language.records)
            heading = translate("trust.already_saved")
            data = saved_card(
                services.guide, saved, next_due, self._today(), translate, records, heading=heading
            )
            await context.send_activity(with_card(render_card("visma_text", data)))
            return case_id
        await self._tell_saved(context, values, entry, next_due, agreed, unsafe)
        return case_id

    async def _tell_saved(
        self,
        context: TurnContext,
        values: Mapping[str, Any],
        entry: LogFields,
        next_due: tuple[str, datetime] | None,
        agreed: Any,
        unsafe: bool,
    ) -> None:
        """The Visma text card (guide 2.8) and what follows: an agreed next contact, the unsafe
        environment's notice, and «Løft Ole til nivå N» when the log says a higher level."""
        services, translate = self.services, translator(context)
        notes: list[str] = []
        if agreed is not None:
            day = translate.short_day(services.school.day_of(agreed.due_at))
            notes.append(translate("triage.log.agreed", day=day))
            if not services.school.has_calendar:
                notes[-1] += " " + translate("triage.calendar.missing")
        if unsafe:
            notes.append(unsafe_notice(services.guide, translate))
        records = Translator(services.language.records)
        data = saved_card(
            services.guide, entry, next_due, self._today(), translate, records, notes=notes
        )
        buttons = []
        if entry.level > int(values["current_level"]):
            buttons.append(
                translate("log.escalate_value", pupil=values["pupil"], level=entry.level)
            )
        await context.send_activity(with_card(render_card("visma_text", data), buttons))


def log_contact_dialog(services: Services) -> LogContactDialog:
    return LogContactDialog(services)
