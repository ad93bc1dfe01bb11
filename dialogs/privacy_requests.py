"""Access requests by chat: a leader exports everything stored about one pupil (issue 7).

Not a part of the guide itself but of the privacy duties around it (docs/privacy.md): guardians
may ask what the school keeps about their child (innsyn). Only leaders; staff are told so and
nothing about any pupil is read.
Entry: intent `export_records` (`eksporter opplysningene om Ole i 5B`, `innsyn for Ole i 5B`);
slots `pupil` and `group`. The class is always asked when not given: several pupils may share a
first name, and an access request must cover exactly one child (the classes of open cases with
that name are offered as buttons).
Outcome: a summary with counts, the readable text (`content.privacy.export_as_text`) and the
JSON, each in messages under `MAX_MESSAGE_BYTES`, audited as `privacy.export` with counts and
case ids only. No pupil found: said so, and audited with zero counts (the request was answered).

Why messages and not a file: Teams lets a bot send a file in personal chat only through the
file-consent flow (`supportsFiles` in the manifest, a consent card, an upload to the user's
OneDrive) or through Graph; an attachment with `contentType: application/json` and inline
`content` is not shown by Teams. Fenced code blocks render in Teams and the Agents Playground,
keep the indentation and have a copy button. Teams refuses messages over about 28 KB, so long
exports are split at line ends and numbered ("del 1 av 2").
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.schema import Activity
from sqlmodel import Session

from content.i18n import Translator, language_of
from content.privacy import export_as_text
from dialogs.actor import Actor, actor_of, resolve_actor
from dialogs.casework import audit
from dialogs.form import FormDialog, Slot
from dialogs.replies import say, text_reply, translator
from dialogs.services import Services
from dialogs.slots import group_slot, pupil_slot
from storage import repository as repo
from storage.retention import export_pupil_records

EXPORT_RECORDS = "export_records"
MAX_MESSAGE_BYTES = 24_000
COUNTED = ("cases", "log_entries", "deadlines", "measures", "agreements")
# The classes of open cases with the pupil's name, offered as buttons; "_": never from options.
CLASSES = "_classes"
_BACKTICKS = re.compile(r"`+")


def counts(export: Mapping[str, Any]) -> dict[str, int]:
    """How much an export holds: the numbers shown before a delete and kept in the audit."""
    cases = export["cases"]
    found = {name: sum(len(case[name]) for case in cases) for name in COUNTED[1:]}
    return {"cases": len(cases), **found}


def audit_detail(export: Mapping[str, Any]) -> dict[str, Any]:
    """Counts and case ids: enough to follow the trail, never a name or a typed word."""
    return {**counts(export), "case_ids": [case["id"] for case in export["cases"]]}


class PupilRecordsForm(FormDialog):
    """Leaders only; asks the pupil's first name and class, whatever the request."""

    def __init__(self, dialog_id: str, services: Services) -> None:
        super().__init__(dialog_id)
        self.services = services
        self._pupil = self.slot(pupil_slot(services.recognizer, "slot.case_pupil.ask"))
        self._group = self.slot(
            replace(group_slot(services.recognizer), ask="records.group.ask", buttons=_classes)
        )

    def actor(self, context: TurnContext) -> Actor:
        return actor_of(context, self.services)

    async def prepare(self, context: TurnContext, values: dict[str, Any]) -> bool:
        # Only what a message names is taken: a replayed payload cannot pre-confirm a delete.
        for key in set(values) - {"pupil", "group"}:
            del values[key]
        if (await resolve_actor(context, self.services)).is_leader:
            return True
        await say(context, translator(context)("records.only_leaders"))
        return False

    async def next_pupil_slot(self, context: TurnContext, values: dict[str, Any]) -> Slot | None:
        """Call first in `next_slot`: the name, then the class, then None."""
        if not values.get("pupil"):
            return self._pupil
        if values.get("group"):
            return None
        actor, pupil = self.actor(context), values["pupil"]

        def open_classes(session: Session) -> list[str]:
            found = repo.find_cases_by_pupil(session, tenant_id=actor.tenant_id, pupil_name=pupil)
            return sorted({case.group_name for case in found})

        values[CLASSES] = await self.services.database.run(open_classes)
        return self._group


def read_records(session: Session, actor: Actor, values: Mapping[str, Any]) -> dict[str, Any]:
    """Everything about the pupil in the leader's own tenant: the tenant is never typed."""
    return export_pupil_records(
        session, tenant_id=actor.tenant_id, pupil_name=values["pupil"], group_name=values["group"]
    )


def _classes(translate: Translator, values: Mapping[str, Any]) -> list[tuple[str, str]]:
    return [(group, group) for group in values.get(CLASSES, [])]


class ExportRecordsDialog(PupilRecordsForm):
    def __init__(self, services: Services) -> None:
        super().__init__(EXPORT_RECORDS, services)

    async def next_slot(self, context: TurnContext, values: dict[str, Any]) -> Slot | None:
        return await self.next_pupil_slot(context, values)

    async def finish(self, context: TurnContext, values: dict[str, Any]) -> Any:
        services, actor = self.services, self.actor(context)
        now = services.clock.now()

        def read(session: Session) -> dict[str, Any]:
            export = read_records(session, actor, values)
            audit(session, actor, "privacy.export", None, now, **audit_detail(export))
            return export

        export = await services.database.run(read)
        translate = translator(context)
        found = counts(export)
        names = {"pupil": export["pupil_name"], "group": export["group_name"]}
        if not found["cases"]:
            await say(context, translate("records.none", **names))
            return None
        text = export_as_text(
            export, language=language_of(context.activity.locale), timezone=str(services.timezone)
        )
        as_json = json.dumps(export, ensure_ascii=False, indent=1).replace("`", "\\u0060")
        messages = [
            text_reply(translate("records.export.summary", **names, **found)),
            *code_messages(translate, "records.export.text", text, ""),
            *code_messages(translate, "records.export.json", as_json, "json"),
        ]
        await context.send_activities(messages)
        return found["cases"]


def code_messages(translate: Translator, title: str, body: str, language: str) -> list[Activity]:
    """`body` as fenced code blocks, each message small enough for Teams, numbered if several."""
    parts = split_lines(body, MAX_MESSAGE_BYTES - 200)
    activities = []
    for number, part in enumerate(parts, start=1):
        key = title if len(parts) == 1 else f"{title}.many"
        heading = translate(key, part=number, parts=len(parts))
        longest = max((len(run) for run in _BACKTICKS.findall(part)), default=0)
        fence = "`" * max(3, longest + 1)  # a longer fence than any run of backticks inside
        activity = text_reply(f"{heading}\n\n{fence}{language}\n{part}\n{fence}")
        activity.text_format = "markdown"
        activities.append(activity)
    return activities


def split_lines(text: str, limit: int) -> list[str]:
    """Runs of whole lines whose size on the wire (JSON-escaped, UTF-8) stays under `limit`;
    joined with newlines they give `text` back. No line comes near the limit: free text is
    capped at `dialogs.slots.MAX_TEXT` characters when typed."""
    parts: list[str] = []
    current: list[str] = []
    size = 0
    for line in text.rstrip("\n").split("\n"):
        cost = len(json.dumps(line, ensure_ascii=False).encode("utf-8"))
        if current and size + cost > limit:
            parts.append("\n".join(current))
            current, size = [], 0
        current.append(line)
        size += cost
    parts.append("\n".join(current))
    return parts


def export_records_dialog(services: Services) -> ExportRecordsDialog:
    return ExportRecordsDialog(services)
