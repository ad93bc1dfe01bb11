"""The 3-week evaluation of the cooperation agreement's measures (guide 1.3 and 2.6).

Entry: button intent `evaluate_agreement` with `case_id` (the agreement card: every measure that
goes on) or with `measure_id` too (a measure owner's reminder: only that measure). Someone who
sees the case may evaluate every measure; the member of staff responsible for a measure only
theirs, and learns nothing else of the case. Asks, per measure: continued, adjusted (what
changes), done or dropped; then, if any goes on, the next evaluation (3 weeks in school days
by default). Outcome: the measures and the agreement updated, the measures' evaluation
deadlines done and new ones set; the agreement card and its Visma text for those who see the
case, a short confirmation for a measure owner.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from botbuilder.core import TurnContext
from sqlmodel import Session

from casework.access import measure_for, visible_case
from casework.meeting import Evaluated, agreement_view, evaluate_measures
from casework.services import Services
from casework.vocab import MeasureStatus
from content.i18n import Translator
from content.parse import choose, future_date
from dialogs.engine.form import Answer, FormDialog, Invalid, Slot
from dialogs.engine.ids import DialogId
from dialogs.engine.replies import say, translator
from dialogs.engine.slots import choice_slot, text_slot
from dialogs.engine.turn import actor_of
from dialogs.meeting_minutes import EVALUATE_AFTER, send_agreement
from storage import repository as repo

OUTCOMES = ("continued", "adjusted", "done", "dropped")
# No "avbryt" or "ferdig": alone, those leave the conversation (the root's cancel).
OUTCOME_WORDS = {
    "adjusted": ("juster", "justert", "justere", "endre", "endra", "endret", "adjust"),
    "dropped": ("droppes", "droppast", "dropp", "droppet", "kutt", "kuttes", "drop", "dropped"),
    "done": ("nådd", "nådde", "gjennomført", "fullført", "reached", "done"),
    "continued": ("fortsett", "fortsetter", "fortset", "hald fram", "halde fram", "continue"),
}
ITEMS, RESULTS, FULL = "_items", "_results", "_full"


def _items(session: Session, actor: Any, case_id: int, measure_id: Any) -> tuple[list, bool]:
    """The measures the actor may evaluate, and whether they see the whole case."""
    case = visible_case(session, actor, case_id)
    if measure_id is not None:
        found = measure_for(session, actor, int(measure_id))
        if found is None or found[0].id != case_id or found[0].status != "open":
            return [], False
        chosen = [found[1]]
    elif case is not None and case.status == "open":
        chosen = repo.measures(session, tenant_id=actor.tenant_id, case_id=case_id)
    else:
        return [], False
    items = [
        {"id": m.id, "what": m.description, "responsible": m.responsible}
        for m in chosen
        if MeasureStatus(m.status).goes_on
    ]
    return items, case is not None


class EvaluateAgreementDialog(FormDialog):
    def __init__(self, services: Services) -> None:
        super().__init__(DialogId.EVALUATE_AGREEMENT)
        self.services = services
        self._outcome = self.slot(
            choice_slot("measure_outcome", OUTCOMES, lambda text: choose(text, OUTCOME_WORDS))
        )
        self._adjusted = self.slot(text_slot("measure_adjusted", max_length=500))
        self._next = self.slot(
            Slot(
                "next_evaluation",
                "slot.next_evaluation.ask",
                "slot.next_evaluation.retry",
                self._parse_day,
                lambda t, v: [v["_default_day"]],
            )
        )

    def _parse_day(self, answer: Answer, values: Mapping[str, Any]) -> Any:
        school = self.services.school
        day = future_date(answer.text, school.today())
        if day is None:
            return None
        if day <= school.today():
            return Invalid("slot.m_evaluate_on.past")
        return school.next_school_day(day).isoformat()

    async def prepare(self, context: TurnContext, values: dict[str, Any]) -> bool:
        actor, translate = actor_of(context), translator(context)
        try:
            case_id = int(values.get("case_id"))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            case_id = -1
        measure_id = values.get("measure_id")
        items, full = await self.services.database.run(
            lambda s: _items(s, actor, case_id, measure_id)
        )
        if not items:
            await say(context, translate("agreement.nothing_to_evaluate"))
            return False
        school = self.services.school
        values.update(case_id=case_id, **{ITEMS: items, RESULTS: [], FULL: full})
        values["_default_day"] = school.day_of(school.due(EVALUATE_AFTER, school.now())).isoformat()
        return True

    def question(self, translate: Translator, slot: Slot, values: Mapping[str, Any]) -> str:
        items, done = values[ITEMS], len(values[RESULTS])
        item = items[min(done, len(items) - 1)]
        return translate(slot.ask, number=done + 1, total=len(items), **item)

    async def next_slot(self, context: TurnContext, values: dict[str, Any]) -> Slot | None:
        items, results = values[ITEMS], values[RESULTS]
        while len(results) < len(items):
            if self._outcome.name not in values:
                return self._outcome
            if values[self._outcome.name] == "adjusted" and self._adjusted.name not in values:
                return self._adjusted
            results.append(
                {
                    "id": items[len(results)]["id"],
                    "status": values.pop(self._outcome.name),
                    "description": values.pop(self._adjusted.name, None),
                }
            )
        goes_on = any(MeasureStatus(r["status"]).goes_on for r in results)
        if goes_on and self._next.name not in values:
            return self._next
        return None

    async def finish(self, context: TurnContext, values: dict[str, Any]) -> Any:
        services, actor, translate = self.services, actor_of(context), translator(context)
        now = services.clock.now()
        case_id = int(values["case_id"])
        next_day = values.get(self._next.name)
        next_on = date.fromisoformat(next_day) if next_day else None
        outcomes = [
            Evaluated(int(r["id"]), MeasureStatus(r["status"]), r["description"])
            for r in values[RESULTS]
        ]

        def save(session: Session) -> Any:
            evaluate_measures(session, actor, services.school, case_id, outcomes, next_on, now)
            return agreement_view(session, actor, case_id, now) if values[FULL] else None

        view = await services.database.run(save)
        if view is not None:
            await send_agreement(context, services, view, translate)
            return case_id
        lines = [
            translate(
                "agreement.evaluated_line",
                what=item["what"],
                outcome=translate(f"agreement.status.{result['status']}"),
            )
            for item, result in zip(values[ITEMS], values[RESULTS], strict=True)
        ]
        when = translate.day(next_on) if next_on else translate("agreement.no_date")
        await say(context, translate("agreement.evaluated", lines="\n".join(lines), day=when))
        return case_id


def evaluate_agreement_dialog(services: Services) -> EvaluateAgreementDialog:
    return EvaluateAgreementDialog(services)
