"""The school gate's part of a pupil who changes school (issue 20): a leader of the school a
case was offered to sees each waiting offer as a card when they write (as with waiting
members), and answers it with Godta / Avslå (casework/transfer.py moves the case).

Entry: the school gate (bot/schools.py) for a leader placed at their school; the card's buttons
carry `{naervaer_school: {transfer: id, accept: bool}}` and come back through the same gate.
The offer itself is made in dialogs/share_case.py («overfør saken til Ole til Sentrum skole»).
Outcomes: the case moved to this school and owned by the accepting leader, or the offer declined;
a replayed or another school's button answers «fant ingen overføring».
"""

from __future__ import annotations

from typing import Any

from botbuilder.core import TurnContext

from bot.school_cards import gate_card
from casework.access import Actor
from casework.services import Services
from casework.transfer import Transfer, answer_transfer, offers_for
from content.i18n import Translator
from dialogs.engine.replies import say, with_card


def school_name(services: Services, scope: str) -> str:
    school = services.schools.by_scope(scope)
    return school.name if school is not None else scope


def offer_card(translate: Translator, transfer_id: int, pupil: str, group: str, school: str) -> Any:
    ask = {"transfer": transfer_id}
    return gate_card(
        translate("transfer.card.title", school=school),
        translate("transfer.card.text", pupil=pupil, group=group, school=school),
        [
            (translate("transfer.card.accept"), {**ask, "accept": True}),
            (translate("transfer.card.decline"), {**ask, "accept": False}),
        ],
    )


async def show_offers(
    context: TurnContext, services: Services, actor: Actor, translate: Translator
) -> None:
    offers = await services.database.run(lambda session: offers_for(session, actor))
    for transfer_id, case, from_scope in offers:
        school = school_name(services, from_scope)
        card = offer_card(translate, transfer_id, case.pupil_name, case.group_name, school)
        await context.send_activity(with_card(card))


async def answer_offer(
    context: TurnContext,
    services: Services,
    actor: Actor,
    request: dict[str, Any],
    translate: Translator,
) -> None:
    raw = request.get("transfer")
    transfer_id = raw if isinstance(raw, int) and not isinstance(raw, bool) else -1
    accept, now = request.get("accept") is True, services.clock.now()
    answered = await services.database.run(
        lambda session: answer_transfer(session, actor, transfer_id, accept, services.school, now)
    )
    if answered.result is Transfer.NOT_FOUND or answered.case is None:
        await say(context, translate("transfer.not_found"))
        return
    case = answered.case
    school = school_name(services, answered.from_scope)
    await say(
        context,
        translate(
            f"transfer.{answered.result.value}",
            pupil=case.pupil_name,
            group=case.group_name,
            school=school,
        ),
    )
