"""Report a worry about a pupil's absence: criteria (guide 1.3), procedure (1.2), level 0.

Entry: intents `report_absence`, `report_late`, `report_leaving`, `report_wellbeing`, with
slots pre-filled from the first message (`pupil`, `group`, `days`, `reason`, `alert`, `count`,
`period`). Asks only what is still missing and would change the outcome, in the order
content.rules.assess gives: pupil (with the class, when the answer gives both: «Ole 5B»), class,
then days / Visma alert / known travel / documented, or late count / period. Outcomes: not
worrying (with the reason, e.g. known travel: no call and no documentation needed, 2.8), or a
level-0 case (new, or the pupil's open case continued) with today's deadline as a date and
buttons for the filled-in templates and the log.
Words that suggest an unsafe school environment, in the first message or in any answer, bring
the OBS notice and flag the case whatever the absence; alone they open a case on that flag, with
the report to leadership due today (the duty to act). `report_wellbeing` is the teacher's
judgement (step 8, the OBS of 1.3): the example it names is quoted, and 0 days are allowed.
After the 5-day alert the reply offers 2.3's message (example 1 for illness) and «Ikke
bekymringsfullt», which closes the case without documentation (2.8). The case opened is the
conversation's last case, so «hvorfor?» next explains it (dialogs.explain_case).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from botbuilder.core import TurnContext

from casework.cases import Concern, record_concern
from casework.deadlines import plan
from casework.services import Services
from content.replies.report import CaseFacts, Triage, concern_reply, not_concerning_reply
from content.report_facts import (
    facts_of,
    from_entities,
    read_documented,
    read_known_travel,
    read_period,
)
from content.rules import (
    Assessment,
    DeadlineRule,
    assess,
    level_requirements,
    procedure_actions,
    suggests_unsafe_environment,
)
from content.rules.obs_examples import obs_examples, says_worried
from content.rules.pronouns import pronoun_in
from dialogs.engine.form import FormDialog, Slot
from dialogs.engine.ids import DialogId
from dialogs.engine.last_case import remember_case
from dialogs.engine.replies import say, translator
from dialogs.engine.slots import (
    answer_slot,
    choice_slot,
    group_slot,
    number_slot,
    pupil_slot,
    yes_no_slot,
)
from dialogs.engine.turn import actor_of

# The facts worth asking for each kind of report; the rules decide which of them are needed.
ASKED = {
    "absence": ("days_absent", "visma_alert", "known_travel", "documented"),
    "late": ("late_count", "late_period"),
    "leaving": (),
    "wellbeing": (),
}


class ReportDialog(FormDialog):
    def __init__(self, services: Services) -> None:
        super().__init__(DialogId.REPORT)
        self._services = services
        recognizer = services.recognizer
        self._by_fact: dict[str, Slot] = {
            "pupil": self.slot(pupil_slot(recognizer)),
            "group": self.slot(group_slot(recognizer)),
            "days_absent": self.slot(number_slot("days_absent", recognizer, minimum=0)),
            "visma_alert": self.slot(yes_no_slot("visma_alert")),
            "known_travel": self.slot(answer_slot("known_travel", read_known_travel)),
            "documented": self.slot(
                choice_slot("documented", ("yes", "no", "other_code"), read_documented)
            ),
            "late_count": self.slot(number_slot("late_count", recognizer, minimum=1)),
            "late_period": self.slot(
                choice_slot("late_period", ("week", "month", "longer"), read_period)
            ),
            "late_recent": self.slot(
                Slot(
                    "late_recent",
                    "slot.late_recent.ask",
                    "slot.late_recent.retry",
                    number_slot("late_recent", recognizer).parse,
                )
            ),
        }

    async def prepare(self, context: TurnContext, values: dict[str, Any]) -> bool:
        values.update(from_entities(values))
        text = context.activity.text or ""
        if values["kind"] == "late" and read_period(text) == "longer":
            values["late_period"] = "longer"
        if values["kind"] == "wellbeing":
            values["obs"] = [str(c) for c in obs_examples(text)]
            values["worried"] = says_worried(text)
        return True

    async def next_slot(self, context: TurnContext, values: dict[str, Any]) -> Slot | None:
        # Safety first: a sign in the first message or in any answer flags the report.
        text = context.activity.text or ""
        if suggests_unsafe_environment(text):
            values["unsafe"] = True
        if "pronoun" not in values and (pronoun := pronoun_in(text)):
            values["pronoun"] = pronoun
        for name in ("pupil", "group"):
            if name not in values:
                return self._by_fact[name]
        if values.get("documented") in ("yes", "no"):
            values["documented"] = values["documented"] == "yes"
        if values.get("documented") == "other_code":
            return None  # step 5: the cause must be asked today; the rest comes out of that
        if values.get("days_absent") == 0:
            return None  # no absence: only the teacher's judgement or a safety sign can act
        longer = values.get("late_period") == "longer"
        if longer and (values.get("late_count") or 0) > 3 and "late_recent" not in values:
            return self._by_fact["late_recent"]
        wanted = ASKED[values["kind"]]
        for fact in assess(facts_of(values)).missing:
            if fact in wanted and fact not in values:
                return self._by_fact[fact]
        return None

    async def finish(self, context: TurnContext, values: dict[str, Any]) -> Any:
        case_id = await self._outcome(context, values)
        # «hvorfor?» next is about this case; a report without a case of one's own forgets.
        await remember_case(context, case_id)
        return case_id

    async def _outcome(self, context: TurnContext, values: dict[str, Any]) -> int | None:
        """Tell the outcome: not worrying, a colleague's case, or the case opened (its id)."""
        services, translate = self._services, translator(context)
        facts = facts_of(values)
        assessment = assess(facts)
        actions = procedure_actions(facts)
        unsafe = bool(values.get("unsafe"))
        triage = triage_of(values, assessment.criteria, unsafe)
        triage = replace(triage, message_home=any(a.step in (6, 7) for a in actions))
        if not assessment.concerning and not actions and not triage.judgement and not unsafe:
            await say(context, not_concerning_reply(services.guide, assessment, values, translate))
            return None
        rules = [action.deadline_rule for action in actions]
        if assessment.concerning or triage.judgement:
            rules.extend(level_requirements(0))
        if unsafe:
            rules.append(TELL_LEADERSHIP_TODAY)
        now = services.clock.now()
        concern = Concern(
            pupil=values["pupil"],
            group=values["group"],
            criteria=assessment.criteria,
            unsafe_environment=unsafe,
            planned=tuple(plan(services.school, rules, now)),
            pronoun=values.get("pronoun"),
        )
        actor = actor_of(context)
        case_id, case = await services.database.run(
            lambda session: record_concern(session, actor, concern, now)
        )
        if case.followed_by is not None:
            values = {"pupil": case.pupil, "group": case.group, "owner": case.followed_by}
            join = translate("report.join_value", **values)
            await say(context, translate("report.followed_by", **values), [join])
            return None
        templates = [template for action in actions for template in action.template_ids]
        await self._tell_case(context, case, assessment, concern, templates, triage)
        return int(case_id)

    async def _tell_case(
        self,
        context: TurnContext,
        case: CaseFacts,
        assessment: Assessment,
        concern: Concern,
        templates: list[str],
        triage: Triage,
    ) -> None:
        """The case-opened reply: what to do today and by when, and the buttons."""
        school, translate = self._services.school, translator(context)
        due = [(item.kind, school.local(item.due_at)) for item in concern.planned]
        today = school.today(self._services.clock.now())
        text, buttons = concern_reply(
            self._services.guide, case, assessment, due, templates, today, translate, triage
        )
        if not school.has_calendar:
            text += "\n\n" + translate("triage.calendar.missing")
        await say(context, text, buttons)


# The duty to act (opplæringslova kapittel 12): whoever learns of an unsafe school environment
# tells the principal at once; the bot's report to leadership is how it is told, due today.
TELL_LEADERSHIP_TODAY = DeadlineRule("report_to_leadership", "same_day")


def triage_of(values: Mapping[str, Any], criteria: tuple[str, ...], unsafe: bool) -> Triage:
    """How this report reaches the ladder: a wellbeing report is the teacher's judgement
    (step 8) unless it only names a safety sign; the 5-day alert notes whether it is illness."""
    wellbeing = values["kind"] == "wellbeing"
    named = bool(values.get("obs")) or bool(values.get("worried"))
    judgement = wellbeing and (named or not unsafe)
    return Triage(
        judgement=judgement,
        criteria=criteria,
        unsafe_only=unsafe and not criteria and not judgement,
        alert="visma_alert" in criteria,
        illness=bool(values.get("illness")),
    )


def report_dialog(services: Services) -> ReportDialog:
    return ReportDialog(services)
