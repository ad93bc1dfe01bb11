"""The school gate of a turn (issue 20): which school the person writing acts for, before any
conversation runs. Only used when NAERVAER_SCHOOLS configures schools; without it the handler
goes straight to the dialogs as before.

- a member of one school acts for it; a member of several chooses on a card (the message that
  needed the choice is carried on the card's buttons and runs once the school is chosen);
  «bytt skole» asks again;
- someone of no school picks their school on a card and gets no pupil data until a leader of
  that school confirms them (the leader is shown the waiting requests when they next write);
- the municipality role gets counts per school, never a name or a case.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from botbuilder.core import TurnContext

from bot.identity import identity_of, lookup_upn
from bot.school_cards import KEY
from bot.school_cards import gate_card as _card
from bot.school_transfer import answer_offer, show_offers
from casework.access import Actor
from casework.actors import settle_actor
from casework.audit import audit
from casework.school_admin import add_school
from casework.schools import (
    MUNICIPALITY_MONTHS,
    Placement,
    School,
    month_start,
    overview_text,
    place,
)
from casework.services import Services
from casework.vocab import AuditAction
from content.i18n import Translator
from content.school_admin import NewSchool, parse_new_school
from dialogs.engine.replies import say, translator, with_card
from dialogs.engine.turn import message_text, set_actor
from storage import schools as school_repo

SWITCH_WORDS = frozenset({"bytt skole", "byt skule", "switch school"})
MUNICIPALITY_WORDS = frozenset({"kommuneoversikt", "kommuneoversikta", "municipality overview"})


def _record_of(value: object) -> tuple[str, int] | None:
    """The case or deadline a card button names, if any."""
    if not isinstance(value, dict):
        return None
    for key in ("case_id", "deadline_id"):
        found = value.get(key)
        if isinstance(found, int) or (isinstance(found, str) and found.isdigit()):
            return key, int(found)
    return None


def _request(context: TurnContext) -> dict[str, Any]:
    value = context.activity.value
    if isinstance(value, dict) and isinstance(value.get(KEY), dict):
        return value[KEY]
    return {}


async def school_turn(context: TurnContext, services: Services) -> Placement | None:
    """The placement when the dialogs may run for a school; None when this turn was the
    gate's own (a card shown, a confirmation answered, counts given)."""
    request = _request(context)
    text = message_text(context).lower()
    me = identity_of(context)
    member_id = context.activity.from_property.id

    async def lookup() -> tuple[bool, str | None]:
        return await lookup_upn(context, member_id)

    choose = request.get("choose") if isinstance(request.get("choose"), str) else None
    placed = await place(
        services,
        me,
        lookup,
        choose=choose,
        switch=text in SWITCH_WORDS,
        record=_record_of(context.activity.value),
    )
    translate = translator(context)
    new_school = parse_new_school(message_text(context)) if placed.municipality else None
    if new_school is not None:
        await say(context, await _add_school(services, placed, new_school, translate))
        return None
    if placed.municipality and (placed.actor is None or text in MUNICIPALITY_WORDS):
        await say(context, await municipality_overview(services, placed, translate))
        return None
    if placed.actor is None or placed.school is None:
        await _not_placed(context, services, placed, translate)
        return None
    leaders = placed.school.leaders
    actor = await settle_actor(replace(services, leaders=leaders), placed.actor, None, lookup)
    set_actor(context, actor)
    if "confirm" in request:
        await _answer(context, services, actor, request, translate)
        return None
    if "transfer" in request:
        await answer_offer(context, services, actor, request, translate)
        return None
    if placed.chose:
        original = request.get("text")
        if isinstance(original, str) and original.strip() and text not in SWITCH_WORDS:
            context.activity.text, context.activity.value = original, None
        else:
            await say(context, translate("school.chosen", school=placed.school.name))
            return None
    elif text in SWITCH_WORDS:
        await say(context, translate("school.chosen", school=placed.school.name))
        return None
    if actor.is_leader:
        await _show_waiting(context, services, actor, placed.school, translate)
        await show_offers(context, services, actor, translate)
    return placed


async def _not_placed(
    context: TurnContext, services: Services, placed: Placement, translate: Translator
) -> None:
    if len(placed.member_of) > 1:
        original = message_text(context)
        carried = "" if original.lower() in SWITCH_WORDS else original
        actions = [(s.name, {"choose": s.id, "text": carried}) for s in placed.member_of]
        card = _card(translate("school.choose.title"), translate("school.choose.text"), actions)
        await context.send_activity(with_card(card))
        return
    if placed.pending and placed.chose:
        await say(context, translate("school.pick.sent", school=placed.pending[0].name))
        return
    if placed.pending:
        names = ", ".join(school.name for school in placed.pending)
        await say(context, translate("school.pending", school=names))
        return
    schools = placed.directory.in_tenant(placed.me.tenant_id)
    actions = [(s.name, {"choose": s.id}) for s in schools]
    card = _card(translate("school.pick.title"), translate("school.pick.text"), actions)
    await context.send_activity(with_card(card))


async def _show_waiting(
    context: TurnContext, services: Services, actor: Actor, school: School, translate: Translator
) -> None:
    tenant = school_repo.teams_tenant(actor.tenant_id)
    waiting = await services.database.run(
        lambda session: school_repo.pending_members(session, tenant_id=tenant, school_id=school.id)
    )
    for member in waiting:
        ask = {"confirm": member.aad_object_id}
        card = _card(
            translate("school.confirm.title"),
            translate("school.confirm.text", name=member.display_name, school=school.name),
            [
                (translate("school.confirm.yes"), {**ask, "accept": True}),
                (translate("school.confirm.no"), {**ask, "accept": False}),
            ],
        )
        await context.send_activity(with_card(card))


async def _answer(
    context: TurnContext,
    services: Services,
    actor: Actor,
    request: dict[str, Any],
    translate: Translator,
) -> None:
    """A leader's answer to a waiting member; only for the leader's own school."""
    if not actor.is_leader or actor.school_id is None:
        await say(context, translate("school.confirm.not_found"))
        return
    aad, accept = str(request.get("confirm")), request.get("accept") is True
    tenant, school_id = school_repo.teams_tenant(actor.tenant_id), actor.school_id
    now = services.clock.now()

    def answer(session: Any) -> Any:
        row = school_repo.answer_member(
            session,
            tenant_id=tenant,
            school_id=school_id,
            aad_object_id=aad,
            accept=accept,
            by=actor.aad_id,
            now=now,
        )
        if row is not None:
            action = (
                AuditAction.SCHOOL_MEMBER_CONFIRM if accept else AuditAction.SCHOOL_MEMBER_DECLINE
            )
            audit(session, actor, action, None, now, member=aad)
        return row

    row = await services.database.run(answer)
    if row is None:
        await say(context, translate("school.confirm.not_found"))
        return
    key = "school.confirm.done" if accept else "school.confirm.declined"
    await say(context, translate(key, name=row.display_name))


async def _add_school(
    services: Services, placed: Placement, new: NewSchool, translate: Translator
) -> str:
    now = services.clock.now()
    added = await services.database.run(
        lambda session: add_school(session, placed.directory, placed.me, new, now)
    )
    return translate(
        f"school_admin.{added.result.value}", school=added.name, leaders=", ".join(added.leaders)
    )


async def municipality_overview(
    services: Services, placed: Placement, translate: Translator
) -> str:
    """Counts per school of the tenant (casework.schools.overview_text), audited."""
    me, now = placed.me, services.clock.now()
    since = month_start(now, MUNICIPALITY_MONTHS)

    def read(session: Any) -> Any:
        counts = school_repo.municipality_counts(
            session, tenant_id=me.tenant_id, now=now, since=since
        )
        audit(session, me, AuditAction.MUNICIPALITY_READ, None, now, schools=len(counts))
        return counts

    counts = await services.database.run(read)
    return overview_text(placed.directory, counts, me.tenant_id, translate)
