"""The reminder card's buttons: "Utsett til i morgen" and "Ferdig" (guide 1.3's time limits).

Entry: a card submit `{"intent": "postpone_reminder" | "complete_deadline", "deadline_id"}`
("Gjør det nå" starts the matching conversation itself: log contact, evaluate, report to
leadership). No slots. The deadline must belong to a case the user may see (owner,
co-responsible, or a leader of the tenant); anything else, including a replayed payload with
another case's deadline id, is answered "not found".
Outcomes: postpone moves the reminder (`remind_at`) to the next school morning, never the
deadline (`due_at`), and says both; done closes the deadline with who and when. Both audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from botbuilder.core import TurnContext
from sqlmodel import Session

from content.i18n import Translator
from dialogs.actor import Actor, actor_of, visible_case
from dialogs.answers import AnswerDialog
from dialogs.casework import at_school_morning, audit
from dialogs.notices import due_text
from dialogs.replies import say, translator
from dialogs.services import Services
from storage import reminders as outbox
from storage import repository as repo
from storage.models import Case, Deadline

POSTPONE_REMINDER = "postpone_reminder"
COMPLETE_DEADLINE = "complete_deadline"


@dataclass(frozen=True)
class Found:
    case: Case
    deadline: Deadline


def find_deadline(session: Session, actor: Actor, value: Any) -> Found | None:
    try:
        deadline_id = int(value)
    except (TypeError, ValueError):
        return None
    deadline = outbox.get_deadline(session, tenant_id=actor.tenant_id, deadline_id=deadline_id)
    if deadline is None:
        return None
    case = visible_case(session, actor, deadline.case_id)
    return Found(case, deadline) if case is not None else None


def postpone(
    session: Session, actor: Actor, value: Any, remind_at: datetime, now: datetime
) -> Found | str:
    found = find_deadline(session, actor, value)
    if found is None:
        return "reminder.not_found"
    assert found.deadline.id is not None
    if not repo.postpone_reminder(
        session, tenant_id=actor.tenant_id, deadline_id=found.deadline.id, remind_at=remind_at
    ):
        return "reminder.closed"
    audit(session, actor, "deadline.postpone", found.case.id, now, deadline=found.deadline.id)
    return found


def complete(session: Session, actor: Actor, value: Any, now: datetime) -> Found | str:
    found = find_deadline(session, actor, value)
    if found is None:
        return "reminder.not_found"
    assert found.deadline.id is not None
    if not repo.complete_deadline(
        session,
        tenant_id=actor.tenant_id,
        deadline_id=found.deadline.id,
        by_aad_id=actor.aad_id,
        by_name=actor.name,
        at=now,
    ):
        return "reminder.closed"
    audit(session, actor, "deadline.complete", found.case.id, now, deadline=found.deadline.id)
    return found


def _facts(translate: Translator, found: Found) -> dict[str, str]:
    return {
        "what": translate(f"deadline.{found.deadline.kind}"),
        "pupil": found.case.pupil_name,
        "group": found.case.group_name,
    }


def postpone_reminder_dialog(services: Services) -> AnswerDialog:
    async def answer(context: TurnContext, options: dict[str, Any]) -> None:
        translate, actor = translator(context), actor_of(context, services)
        now = services.clock.now()
        today = now.astimezone(services.timezone).date()
        morning = at_school_morning(
            services, services.calendar.next_school_day(today, inclusive=False)
        )
        result = await services.database.run(
            lambda s: postpone(s, actor, options.get("deadline_id"), morning, now)
        )
        if isinstance(result, str):
            await say(context, translate(result))
            return
        text = translate(
            "reminder.postponed",
            day=translate.short_day(morning.date()),
            time=translate.clock(services.reminder_time),
            due=due_text(translate, result.deadline.due_at, services.timezone),
        )
        await say(context, text)

    return AnswerDialog(POSTPONE_REMINDER, answer)


def complete_deadline_dialog(services: Services) -> AnswerDialog:
    async def answer(context: TurnContext, options: dict[str, Any]) -> None:
        translate, actor = translator(context), actor_of(context, services)
        now = services.clock.now()
        result = await services.database.run(
            lambda s: complete(s, actor, options.get("deadline_id"), now)
        )
        if isinstance(result, str):
            await say(context, translate(result))
            return
        day = translate.short_day(now.astimezone(services.timezone).date())
        await say(
            context,
            translate("reminder.completed", name=actor.name, day=day, **_facts(translate, result)),
        )

    return AnswerDialog(COMPLETE_DEADLINE, answer)
