"""Who leads the school in the bot: list, add and remove leaders (rektor, inspektør,
avdelingsleder), the people the guide's level 2 "meld til ledelsen" and the overdue
escalations reach, and who see every open case of the school.

Entry: intent `manage_leaders` with `action` (`add`, `remove`, `list`; `list` when not said) and
the person either as a Teams @mention or as an e-mail/UPN in the message (`legg til leder
kari@skole.no`, `fjern <at>Per</at> som leder`, `hvem er ledere`). Only leaders may do this;
staff are told so and nothing is read. Leaders from the settings are not removed in chat.
Outcomes: a `leader` row added (by UPN it waits for that person's first message) or removed,
audited as `leader.add` / `leader.remove`; or the list of leaders.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.core.teams import TeamsInfo
from sqlmodel import Session

from casework.access import Actor
from casework.audit import audit
from casework.services import Services
from casework.vocab import AuditAction
from content.i18n import Translator
from dialogs.engine.form import AnswerDialog
from dialogs.engine.ids import DialogId
from dialogs.engine.replies import leader_or_refuse, say, translator
from dialogs.engine.turn import actor_of
from storage import leaders as leader_repo

EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")


@dataclass(frozen=True)
class Person:
    """Whom the message names: an aad id from a mention, a UPN, or both."""

    aad_id: str | None
    upn: str | None
    name: str

    @property
    def label(self) -> str:
        return self.name or self.upn or ""


async def named_person(context: TurnContext, options: dict[str, Any]) -> Person | None:
    """The first @mention that is not the bot, else the first e-mail address in the text."""
    activity = context.activity
    bot_id = activity.recipient.id if activity.recipient else None
    for entity in activity.entities or []:
        if str(entity.type).lower() != "mention":
            continue
        mentioned = (entity.additional_properties or {}).get("mentioned") or {}
        if not mentioned.get("id") or mentioned.get("id") == bot_id:
            continue
        return await _mentioned(context, mentioned)
    found = EMAIL.search(str(options.get("upn") or activity.text or ""))
    if found is None:
        return None
    return Person(None, leader_repo.normalize_upn(found.group(0)), "")


async def _mentioned(context: TurnContext, mentioned: dict[str, Any]) -> Person | None:
    """Teams mentions carry the Teams id; the aad id comes along or is asked of Teams."""
    name = str(mentioned.get("name") or "")
    if mentioned.get("aadObjectId"):
        return Person(str(mentioned["aadObjectId"]), None, name)
    try:
        member = await TeamsInfo.get_member(context, mentioned["id"])
    except Exception:  # any failure means we cannot tell who it is
        return None
    if not member.aad_object_id:
        return None
    upn = member.user_principal_name or member.email
    return Person(
        member.aad_object_id, leader_repo.normalize_upn(upn) if upn else None, name or member.name
    )


def manage_leaders_dialog(services: Services) -> AnswerDialog:
    async def answer(context: TurnContext, options: dict[str, Any]) -> None:
        translate = translator(context)
        actor = await leader_or_refuse(context, actor_of(context), "leaders.only_leaders")
        if actor is None:
            return
        action = options.get("action")
        if action not in ("add", "remove"):
            await say(context, await _leader_list(services, actor, translate))
            return
        person = await named_person(context, options)
        if person is None:
            await say(context, translate(f"leaders.{action}.who"))
            return
        change = _add if action == "add" else _remove
        await say(context, await change(services, actor, person, translate))

    return AnswerDialog(DialogId.MANAGE_LEADERS, answer)


async def _leader_list(services: Services, actor: Actor, translate: Translator) -> str:
    configured = services.leaders

    def read(session: Session) -> list[str]:
        lines = []
        for row in leader_repo.leader_rows(session, tenant_id=actor.tenant_id):
            key = "leaders.line.pending" if row.aad_object_id is None else "leaders.line"
            if configured.names(row.aad_object_id or "", row.upn):
                key = "leaders.line.configured"
            lines.append(translate(key, name=row.display_name or row.upn or "", upn=row.upn or ""))
        return lines

    lines = await services.database.run(read)
    return "\n".join([translate("leaders.list.title", count=len(lines)), *lines])


async def _add(services: Services, actor: Actor, person: Person, translate: Translator) -> str:
    now = services.clock.now()

    def write(session: Session) -> str:
        aad_id, name = person.aad_id, person.name
        if aad_id is None and person.upn:
            profile = leader_repo.find_profile_by_upn(
                session, tenant_id=actor.tenant_id, upn=person.upn
            )
            if profile is not None:
                aad_id, name = profile.aad_object_id, profile.display_name
        added = leader_repo.add_leader(
            session,
            tenant_id=actor.tenant_id,
            source=leader_repo.CHAT,
            aad_object_id=aad_id,
            upn=person.upn,
            display_name=name,
            added_by=actor.aad_id,
            now=now,
        )
        label = name or person.upn or ""
        if not added:
            return translate("leaders.add.already", name=label)
        audit(session, actor, AuditAction.LEADER_ADD, None, now, leader=aad_id or person.upn)
        key = "leaders.add.done" if aad_id else "leaders.add.pending"
        return translate(key, name=label, upn=person.upn or "")

    return await services.database.run(write)


async def _remove(services: Services, actor: Actor, person: Person, translate: Translator) -> str:
    configured = services.leaders

    def write(session: Session) -> str:
        row = leader_repo.find_leader(
            session, tenant_id=actor.tenant_id, aad_object_id=person.aad_id, upn=person.upn
        )
        label = person.label or (row.display_name if row else "")
        if row is None:
            return translate("leaders.remove.not_leader", name=label)
        label = row.display_name or label
        if row.aad_object_id == actor.aad_id:
            return translate("leaders.remove.yourself")
        if row.source == leader_repo.CONFIGURED or configured.names(
            row.aad_object_id or "", row.upn
        ):
            return translate("leaders.remove.configured", name=label)
        leader_repo.remove_leader(
            session, tenant_id=actor.tenant_id, aad_object_id=row.aad_object_id, upn=row.upn
        )
        removed = row.aad_object_id or row.upn
        audit(session, actor, AuditAction.LEADER_REMOVE, None, services.clock.now(), leader=removed)
        return translate("leaders.remove.done", name=label)

    return await services.database.run(write)
