"""Report a worry about a pupil's absence: criteria (guide 1.3), procedure (1.2), level 0.

Entry: intents `report_absence`, `report_late`, `report_leaving`, `report_wellbeing`, with
slots pre-filled from the first message (`pupil`, `group`, `days`, `reason`, `alert`, `count`,
`period`). Asks only what is still missing and would change the outcome, in the order
content.rules.assess gives: pupil, class, then days / Visma alert / known travel / documented,
or late count / period. Outcomes: not worrying (with the reason, e.g. known travel: no call and
no documentation needed, 2.8), or a level-0 case (new, or the pupil's open case continued)
with today's deadline as a date and buttons for the filled-in templates and the log.
Words that suggest an unsafe school environment bring the OBS notice and flag the case.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from botbuilder.core import TurnContext

from casework.cases import Concern, record_concern
from casework.deadlines import plan
from casework.services import Services
from content.parse import choose, yes_no
from content.replies.report import concern_reply, not_concerning_reply
from content.rules import (
    AbsenceFacts,
    assess,
    level_requirements,
    procedure_actions,
    suggests_unsafe_environment,
)
from dialogs.engine.form import FormDialog, Slot
from dialogs.engine.ids import DialogId
from dialogs.engine.replies import say, translator
from dialogs.engine.slots import choice_slot, group_slot, number_slot, pupil_slot, yes_no_slot
from dialogs.engine.turn import actor_of

KINDS = {
    "report_absence": "absence",
    "report_late": "late",
    "report_leaving": "leaving",
    "report_wellbeing": "wellbeing",
}
# The facts worth asking for each kind of report; the rules decide which of them are needed.
ASKED = {
    "absence": ("days_absent", "visma_alert", "known_travel", "documented"),
    "late": ("late_count", "late_period"),
    "leaving": (),
    "wellbeing": (),
}


def facts_of(values: Mapping[str, Any]) -> AbsenceFacts:
    documented = values.get("documented")
    if documented is None and values.get("known_travel"):
        documented = True  # travel the school knows of is documented absence
    kind = values["kind"]
    return AbsenceFacts(
        days_absent=values.get("days_absent"),
        consecutive_days=values.get("days_absent"),
        visma_alert=values.get("visma_alert"),
        known_travel=values.get("known_travel"),
        documented=documented if isinstance(documented, bool) else None,
        other_code_unspecified=documented == "other_code" or None,
        late_count=values.get("late_count"),
        late_period=values.get("late_period"),
        leaves_class=True if kind == "leaving" else None,
        wellbeing_concern=True if kind == "wellbeing" else None,
    )


def from_entities(options: Mapping[str, Any]) -> dict[str, Any]:
    """The first message's entities as the form's values."""
    values: dict[str, Any] = {"kind": KINDS.get(options.get("intent", ""), "absence")}
    for source, target in (
        ("pupil", "pupil"),
        ("group", "group"),
        ("days", "days_absent"),
        ("count", "late_count"),
        ("period", "late_period"),
    ):
        if options.get(source) is not None:
            values[target] = options[source]
    if options.get("alert"):
        values["visma_alert"] = True
    reason = options.get("reason")
    if reason == "travel":
        values["known_travel"] = True
    elif reason == "sick":
        values["documented"] = True
    elif reason == "undocumented":
        values["documented"] = False
    elif reason == "other":
        values["documented"] = "other_code"
    return values


OTHER_CODE_WORDS = {"other_code": ("annet", "anna", "other")}
PERIOD_WORDS = {
    "week": ("uke", "uka", "uken", "veke", "veka", "week"),
    "month": ("måned", "måneden", "mnd", "månad", "månaden", "month"),
}


def _documented(text: str) -> str | None:
    if choose(text, OTHER_CODE_WORDS):
        return "other_code"
    answer = yes_no(text)
    return None if answer is None else ("yes" if answer else "no")


def _period(text: str) -> str | None:
    return choose(text, PERIOD_WORDS)


class ReportDialog(FormDialog):
    def __init__(self, services: Services) -> None:
        super().__init__(DialogId.REPORT)
        self._services = services
        recognizer = services.recognizer
        self._by_fact: dict[str, Slot] = {
            "pupil": self.slot(pupil_slot(recognizer)),
            "group": self.slot(group_slot(recognizer)),
            "days_absent": self.slot(number_slot("days_absent", recognizer, minimum=1)),
            "visma_alert": self.slot(yes_no_slot("visma_alert")),
            "known_travel": self.slot(yes_no_slot("known_travel")),
            "documented": self.slot(
                choice_slot("documented", ("yes", "no", "other_code"), _documented)
            ),
            "late_count": self.slot(number_slot("late_count", recognizer, minimum=1)),
            "late_period": self.slot(choice_slot("late_period", ("week", "month"), _period)),
        }

    async def prepare(self, context: TurnContext, values: dict[str, Any]) -> bool:
        values.update(from_entities(values))
        values["unsafe"] = suggests_unsafe_environment(context.activity.text or "")
        return True

    async def next_slot(self, context: TurnContext, values: dict[str, Any]) -> Slot | None:
        for name in ("pupil", "group"):
            if name not in values:
                return self._by_fact[name]
        if values.get("documented") in ("yes", "no"):
            values["documented"] = values["documented"] == "yes"
        if values.get("documented") == "other_code":
            return None  # step 5: the cause must be asked today; the rest comes out of that
        wanted = ASKED[values["kind"]]
        for fact in assess(facts_of(values)).missing:
            if fact in wanted and fact not in values:
                return self._by_fact[fact]
        return None

    async def finish(self, context: TurnContext, values: dict[str, Any]) -> Any:
        services = self._services
        translate = translator(context)
        facts = facts_of(values)
        assessment = assess(facts)
        actions = procedure_actions(facts)
        if not assessment.concerning and not actions:
            await say(context, not_concerning_reply(services.guide, assessment, values, translate))
            return None
        rules = [action.deadline_rule for action in actions]
        if assessment.concerning:
            rules.extend(level_requirements(0))
        now = services.clock.now()
        concern = Concern(
            pupil=values["pupil"],
            group=values["group"],
            criteria=assessment.criteria,
            unsafe_environment=values.get("unsafe", False),
            planned=tuple(plan(services.school, rules, now)),
        )
        actor = actor_of(context)
        recorded = await services.database.run(
            lambda session: record_concern(session, actor, concern, now)
        )
        case_id, case = recorded
        if case.followed_by is not None:
            values = {"pupil": case.pupil, "group": case.group, "owner": case.followed_by}
            join = (translate("report.join_button"), translate("report.join_value", **values))
            await say(context, translate("report.followed_by", **values), [join])
            return None
        today = services.school.today(now)
        text, buttons = concern_reply(
            services.guide,
            case,
            assessment,
            [(item.kind, services.school.local(item.due_at)) for item in concern.planned],
            [template for action in actions for template in action.template_ids],
            today,
            translate,
        )
        await say(context, text, buttons)
        return case_id


def report_dialog(services: Services) -> ReportDialog:
    return ReportDialog(services)
