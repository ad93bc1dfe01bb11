"""Access requests by chat: a leader exports everything stored about one pupil (issue 7).

Not a part of the guide itself but of the privacy duties around it (docs/privacy.md): guardians
may ask what the school keeps about their child (innsyn). Only leaders; staff are told so and
nothing about any pupil is read.
Entry: intent `export_records` (`eksporter opplysningene om Ole i 5B`, `innsyn for Ole i 5B`);
slots `pupil` and `group`. The class is always asked when not given: several pupils may share a
first name, and an access request must cover exactly one child (the classes of open cases with
that name are offered as buttons).
Outcome: a summary with counts, the readable text (`content.export_text.export_as_text`) and the
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
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.schema import Activity

from casework.records import counts, export_records
from casework.services import Services
from content.export_text import export_as_text
from content.i18n import Translator
from dialogs.engine.form import Slot
from dialogs.engine.ids import DialogId
from dialogs.engine.records_form import PupilRecordsForm
from dialogs.engine.replies import say, text_reply, translator

MAX_MESSAGE_BYTES = 24_000
_BACKTICKS = re.compile(r"`+")


class ExportRecordsDialog(PupilRecordsForm):
    def __init__(self, services: Services) -> None:
        super().__init__(DialogId.EXPORT_RECORDS, services)

    async def next_slot(self, context: TurnContext, values: dict[str, Any]) -> Slot | None:
        return await self.next_pupil_slot(context, values)

    async def finish(self, context: TurnContext, values: dict[str, Any]) -> Any:
        services, actor = self.services, self.actor(context)
        now = services.clock.now()

        pupil, group = values["pupil"], values["group"]
        export = await services.database.run(
            lambda session: export_records(session, actor, pupil, group, now)
        )
        translate = translator(context)
        found = counts(export)
        names = {"pupil": export["pupil_name"], "group": export["group_name"]}
        if not found["cases"]:
            await say(context, translate("records.none", **names))
            return None
        text = export_as_text(
            export,
            language=translate.language,
            timezone=str(services.school.zone),
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
