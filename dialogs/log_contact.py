"""Log a contact with the home: the 7 fields of guide 2.8, then a text to paste into Visma.

Entry: intent `log_contact` (slot `pupil`) or a button with `case_id`. The case is found first
(dialogs.case_form). Then the 7 fields, one at a time, with defaults offered as buttons: today,
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

from casework.cases import already_logged, as_fields, flag_unsafe, write_log
from casework.deadlines import add_planned, planned_on
from casework.services import Services
from casework.vocab import DeadlineKind
from content.cards import render_card
from content.dates_in_text import agreed_date
from content.i18n import SUPPORTED_LANGUAGES, Translator
from content.parse import level as parse_level
from content.parse import past_date
from content.replies.log import LogFields, log_summary, saved_card
from content.replies.report import unsafe_notice
from content.rules import suggests_unsafe_environment
from dialogs.engine.case_form import CaseFormDialog
from dialogs.engine.form import Answer, Invalid, Slot, idempotency_key
from dialogs.engine.ids import DialogId
from dialogs.engine.replies import translator, with_card
from dialogs.engine.slots import MAX_PERSON, text_slot
from storage import repository as repo

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


class LogContactDialog(CaseFormDialog):
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
        self._confirm = self.slot(
            Slot(
                "confirm",
                "slot.confirm.ask",
                "slot.confirm.retry",
                self._parse_confirm,
                self._confirm_buttons,
            )
        )
        self._edit = self.slot(
            Slot(
                "edit_field",
                "slot.edit_field.ask",
                "slot.edit_field.retry",
                self._parse_field,
                self._field_buttons,
            )
        )

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

    def _confirm_buttons(self, translate: Translator, values: Mapping[str, Any]) -> Sequence[str]:
        return [translate("button.save"), translate("button.edit")]

    def _parse_confirm(self, answer: Answer, values: Mapping[str, Any]) -> Any:
        if answer.value and answer.value.get("answer") in ("save", "edit"):
            return answer.value["answer"]
        words = answer.text.lower()
        if words.startswith(("lagre", "lagr", "ja", "ok", "save", "yes")):
            return "save"
        if words.startswith(("endre", "endr", "rett", "edit", "nei")):
            return "edit"
        return None

    def _field_buttons(self, translate: Translator, values: Mapping[str, Any]) -> Sequence[str]:
        return [translate(f"field.{name}") for name in FIELDS]

    def _parse_field(self, answer: Answer, values: Mapping[str, Any]) -> Any:
        # The parser does not know the user's language: a label in any of them is accepted.
        text = answer.text.strip().lower()
        translators = [Translator(language) for language in SUPPORTED_LANGUAGES]
        for name in FIELDS:
            if text == name or text in (t(f"field.{name}").lower() for t in translators):
                return name
        return None

    def prompt_activity(
        self, translate: Translator, slot: Slot, values: Mapping[str, Any]
    ) -> Activity:
        if slot.name != "confirm":
            return super().prompt_activity(translate, slot, values)
        data = log_summary(self.services.guide, self._entry(values), translate)
        return with_card(render_card("log_summary", data))

    async def case_slot(self, context: TurnContext, values: dict[str, Any]) -> Slot | None:
        values.setdefault("user_name", self.actor(context).name)
        values.setdefault("reason_default", self._default_reason(context, values))
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
        now = services.clock.now()
        case_id = int(values["case_id"])
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
        key = idempotency_key(values, "log")

        def save(session: Any) -> tuple[LogFields | None, list[tuple[str, datetime]]]:
            saved = already_logged(session, actor, key)
            if saved is None:
                write_log(session, actor, case_id, entry, now, completes=SETTLES, key=key)
                if agreed is not None:
                    add_planned(session, actor, case_id, [agreed], now)
                if unsafe:
                    flag_unsafe(session, actor, case_id, now)
            upcoming = repo.open_deadline_times(session, tenant_id=actor.tenant_id, case_id=case_id)
            return (None if saved is None else as_fields(saved, entry.group)), upcoming

        earlier, upcoming = await services.database.run(save)
        translate = translator(context)
        next_due = None
        if upcoming:  # the soonest open deadline, in local time
            kind, due_at = upcoming[0]
            next_due = (kind, services.school.local(due_at))
        records = Translator(services.language.records)
        today = self._today()
        if earlier is not None:
            # A «Lagre» re-sent after a failed reply: the entry as it was saved, once.
            heading = translate("trust.already_saved")
            data = saved_card(
                services.guide, earlier, next_due, today, translate, records, heading=heading
            )
            await context.send_activity(with_card(render_card("visma_text", data)))
            return case_id
        notes = []
        if agreed is not None:
            day = translate.short_day(services.school.day_of(agreed.due_at))
            notes.append(translate("triage.log.agreed", day=day))
            if not services.school.has_calendar:
                notes[-1] += " " + translate("triage.calendar.missing")
        if unsafe:
            notes.append(unsafe_notice(services.guide, translate))
        data = saved_card(services.guide, entry, next_due, today, translate, records, notes=notes)
        buttons = []
        if entry.level > int(values["current_level"]):
            buttons.append(
                translate("log.escalate_value", pupil=values["pupil"], level=entry.level)
            )
        await context.send_activity(with_card(render_card("visma_text", data), buttons))
        return case_id


def log_contact_dialog(services: Services) -> LogContactDialog:
    return LogContactDialog(services)
