"""Record the attendance meeting (guide 2.5) and build its cooperation agreement (2.6).

Entry: intent `meeting_minutes` («referat fra nærværsmøtet med Ole»), slot `pupil`; the case is
found first (owner, co-responsible or a leader). Asks the four areas in the guide's order —
school/SFO, leisure, the pupil, home («vi skal alltid se på oss selv først») — each with its
question from step 4 and its support points, then the summary point by point, then the
measures: one card per measure (what, the sub-goal, who is responsible: a colleague known to
the bot or helsesykepleier / familieveileder / ergo/fysio, and the evaluation date, 3 weeks in
school days by default); typed answers take the same path one question at a time. Then the
agreement's status today and main goal. Outcome: an elevlogg entry, the measures with their
owners and evaluation deadlines, the agreement (card and bokmål text for Visma).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.schema import Activity

from casework.meeting import MeasurePlan, Minutes, Responsible, agreement_view, record_minutes
from casework.services import Services
from casework.vocab import DeadlineKind
from content.cards import render_card
from content.i18n import Translator
from content.parse import future_date, yes_no
from content.replies.agreement import agreement_card, visma_agreement
from content.replies.log import LogFields
from content.replies.meeting import AREAS, area_question, minutes_text
from content.rules import DeadlineRule
from dialogs.engine.case_form import CaseFormDialog
from dialogs.engine.form import Answer, Invalid, Slot
from dialogs.engine.ids import DialogId
from dialogs.engine.replies import say, translator, with_card
from dialogs.engine.slots import text_slot, yes_no_buttons
from storage import repository as repo

# The guide's services to consider (2.5 step 6), by the names the bot stores.
ROLES = ("helsesykepleier", "familieveileder", "ergo/fysio")
EVALUATE_AFTER = DeadlineRule(DeadlineKind.EVALUATE_MEASURES, "after_weeks", 3)
SELF = frozenset({"meg", "jeg", "eg", "me", "meg selv", "meg sjølv", "myself"})
STAFF, DRAFT, DONE = "_staff", "measure", "_measures_done"


def _evaluation_day(services: Services) -> date:
    school = services.school
    return school.day_of(school.due(EVALUATE_AFTER, school.now()))


def responsible_of(text: str, values: Mapping[str, Any]) -> dict[str, Any] | None:
    """A colleague (by card value, full or first name), an external role, or "meg"."""
    wanted = " ".join(text.split()).lower()
    if wanted.startswith("staff:"):
        aad_id = text.split(":", 1)[1]
        found = [(a, n) for a, n in values.get(STAFF, []) if a == aad_id]
        return {"name": found[0][1], "aad_id": aad_id, "role": None} if found else None
    role = wanted.removeprefix("role:")
    for name in ROLES:
        if role == name or role.split("/")[0].split("-")[0] == name.split("/")[0]:
            return {"name": name, "aad_id": None, "role": name}
    if wanted in SELF:
        return {"name": values["user_name"], "aad_id": values["user_aad"], "role": None}
    matches = [
        (a, n)
        for a, n in values.get(STAFF, [])
        if n.lower() == wanted or n.lower().startswith(wanted + " ")
    ]
    if len(matches) == 1:
        return {"name": matches[0][1], "aad_id": matches[0][0], "role": None}
    return None


class MinutesDialog(CaseFormDialog):
    def __init__(self, services: Services) -> None:
        super().__init__(DialogId.MEETING_MINUTES, services)

        def nothing(t: Translator, v: Mapping[str, Any]) -> list[str]:
            return [t("minutes.area.nothing")]

        self._areas = [self.slot(text_slot(f"area_{area}", nothing)) for area in AREAS]
        self._summary = self.slot(text_slot("summary"))
        self._measure = self.slot(
            Slot(DRAFT, "meeting.slot.measure.ask", "meeting.slot.measure.retry", self._draft)
        )
        self._responsible = self.slot(
            Slot(
                "m_responsible",
                "slot.m_responsible.ask",
                "slot.m_responsible.retry",
                lambda a, v: responsible_of(a.text, v),
                self._responsible_buttons,
            )
        )
        self._evaluate = self.slot(
            Slot(
                "m_evaluate_on",
                "slot.m_evaluate_on.ask",
                "slot.m_evaluate_on.retry",
                self._parse_day,
                lambda t, v: [v["_default_day"]],
            )
        )
        self._goal = self.slot(
            text_slot("m_goal", lambda t, v: [v[DRAFT]["what"][:100]], max_length=500)
        )
        self._more = self.slot(
            Slot(
                "more",
                "slot.more.ask",
                "slot.more.retry",
                lambda a, v: yes_no(a.text),
                yes_no_buttons,
            )
        )
        self._situation = self.slot(text_slot("situation", lambda t, v: [v["summary"][:100]]))
        self._main_goal = self.slot(text_slot("main_goal"))

    # Parsing ------------------------------------------------------------------------------

    def _draft(self, answer: Answer, values: Mapping[str, Any]) -> Any:
        if answer.value is not None and answer.value.get("answer") == "measure":
            what = str(answer.value.get("what", "")).strip()[:500]
            if not what:
                return None
            draft: dict[str, Any] = {"what": what}
            goal = str(answer.value.get("goal", "")).strip()[:500]
            draft["goal"] = goal or what
            responsible = responsible_of(str(answer.value.get("responsible", "")), values)
            if responsible is not None:
                draft["responsible"] = responsible
            day = self._parse_day(Answer(str(answer.value.get("evaluate_on", ""))), values)
            if isinstance(day, str):
                draft["evaluate_on"] = day
            return draft
        parsed = text_slot(DRAFT).parse(answer, values)
        return {"what": parsed} if isinstance(parsed, str) else parsed

    def _parse_day(self, answer: Answer, values: Mapping[str, Any]) -> Any:
        school = self.services.school
        today = school.today()
        day = future_date(answer.text, today)
        if day is None:
            return None
        if day <= today:
            return Invalid("slot.m_evaluate_on.past")
        return school.next_school_day(day).isoformat()

    def _responsible_buttons(
        self, translate: Translator, values: Mapping[str, Any]
    ) -> Sequence[str]:
        people = [
            values["user_name"],
            *(n for a, n in values.get(STAFF, []) if n != values["user_name"]),
        ]
        return [*people[:3], *ROLES]  # the roles' ids are the Norwegian words responsible_of reads

    # Asking -------------------------------------------------------------------------------

    def question(self, translate: Translator, slot: Slot, values: Mapping[str, Any]) -> str:
        if slot.name.startswith("area_"):
            area = slot.name.removeprefix("area_")
            return area_question(self.services.guide, area, AREAS.index(area) + 1, translate)
        return translate(slot.ask, number=len(values.get("measures", [])) + 1, **values)

    def prompt_activity(
        self, translate: Translator, slot: Slot, values: Mapping[str, Any]
    ) -> Activity:
        if slot.name != DRAFT:
            return super().prompt_activity(translate, slot, values)
        number = len(values.get("measures", [])) + 1
        choices = [{"title": n, "value": f"staff:{a}"} for a, n in values.get(STAFF, [])]
        choices += [{"title": translate(f"role.{r}"), "value": f"role:{r}"} for r in ROLES]
        card = render_card(
            "measure",
            {
                "title": translate("measure.card.title", number=number, pupil=values["pupil"]),
                "intro": translate("meeting.slot.measure.ask", number=number, **values),
                "what_label": translate("measure.card.what"),
                "goal_label": translate("measure.card.goal"),
                "goal_placeholder": translate("measure.card.goal_placeholder"),
                "required": translate("measure.card.required"),
                "responsible_label": translate("measure.card.responsible"),
                "responsible_default": f"staff:{values['user_aad']}",
                "choices": choices,
                "evaluate_label": translate("measure.card.evaluate"),
                "evaluate_default": values["_default_day"],
                "save": translate("measure.card.save"),
            },
        )
        return with_card(card)

    async def case_slot(self, context: TurnContext, values: dict[str, Any]) -> Slot | None:
        if STAFF not in values:
            actor = self.actor(context)
            values.update(user_name=actor.name, user_aad=actor.aad_id)
            values["_default_day"] = _evaluation_day(self.services).isoformat()
            people = await self.services.database.run(
                lambda s: repo.staff(s, tenant_id=actor.tenant_id)
            )
            values[STAFF] = [list(person) for person in people]
        for slot in (*self._areas, self._summary):
            if slot.name not in values:
                return slot
        if not values.get(DONE) and (measures := self._measures_slot(values)):
            return measures
        for slot in (self._situation, self._main_goal):
            if slot.name not in values:
                return slot
        return None

    def _measures_slot(self, values: dict[str, Any]) -> Slot | None:
        measures = values.setdefault("measures", [])
        draft = values.get(DRAFT)
        if draft is not None:
            for key, slot in (
                ("responsible", self._responsible),
                ("evaluate_on", self._evaluate),
                ("goal", self._goal),
            ):
                if key not in draft:
                    if slot.name not in values:
                        return slot
                    draft[key] = values.pop(slot.name)
            measures.append(values.pop(DRAFT))
        if "more" in values:
            if values.pop("more"):
                return self._measure
            values[DONE] = True
            return None
        return self._more if measures else self._measure

    # Done ---------------------------------------------------------------------------------

    def _minutes(self, values: Mapping[str, Any], author: str, today: date) -> Minutes:
        guide = self.services.guide
        nb = Translator("nb")
        plans = tuple(
            MeasurePlan(
                goal=m["goal"],
                what=m["what"],
                responsible=Responsible(
                    name=nb(f"role.{m['responsible']['role']}")
                    if m["responsible"]["role"]
                    else m["responsible"]["name"],
                    aad_id=m["responsible"]["aad_id"],
                    role=m["responsible"]["role"],
                ),
                evaluate_on=date.fromisoformat(m["evaluate_on"]),
            )
            for m in values["measures"]
        )
        lines = [
            nb(
                "minutes.log.measure",
                what=p.what,
                who=p.responsible.name,
                day=nb.day(p.evaluate_on),
            )
            for p in plans
        ]
        areas = [(area, values[f"area_{area}"]) for area in AREAS]
        reason, found, next_steps = minutes_text(guide, areas, values["summary"], lines, today)
        entry = LogFields(
            pupil=values["pupil"],
            group=values["group"],
            contact_date=today,
            reason=reason,
            guardians_view=found,
            next_steps=next_steps,
            level=int(values["current_level"]),
            author=author,
        )
        return Minutes(entry, values["situation"], values["main_goal"], plans)

    async def finish_case(self, context: TurnContext, values: dict[str, Any]) -> Any:
        services, actor, translate = self.services, self.actor(context), translator(context)
        now = services.clock.now()
        case_id = int(values["case_id"])
        minutes = self._minutes(values, actor.name, services.school.today(now))

        def save(session: Any) -> Any:
            record_minutes(session, actor, services.school, case_id, minutes, now)
            return agreement_view(session, actor, case_id, now)

        view = await services.database.run(save)
        await send_agreement(context, services, view, translate, minutes.entry)
        return case_id


async def send_agreement(
    context: TurnContext,
    services: Services,
    view: Any,
    translate: Translator,
    entry: LogFields | None = None,
) -> None:
    """The agreement as a card, then the text to paste into the elevlogg (bokmål)."""
    guide = services.guide
    button = {
        "title": translate("agreement.evaluate_button"),
        "data": {"intent": "evaluate_agreement", "case_id": view.case_id},
    }
    await context.send_activity(
        with_card(render_card("agreement", agreement_card(guide, view, translate, [button])))
    )
    blocks = []
    if entry is not None:
        kind = guide.documentation.log_kind_for(entry.level).name
        blocks.append(
            "\n".join(
                [
                    f"{kind}: {entry.reason}",
                    entry.guardians_view,
                    "",
                    entry.next_steps,
                    entry.author,
                ]
            )
        )
    blocks.append(visma_agreement(guide, view))
    await say(context, translate("agreement.visma_intro") + "\n\n" + "\n\n".join(blocks))


def meeting_minutes_dialog(services: Services) -> MinutesDialog:
    return MinutesDialog(services)
