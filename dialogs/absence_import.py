"""An absence export sent in the personal chat (issue 17): the pattern before the phone call.

Entry: a file attachment (bot/attachments.py hands over its bytes) or rows pasted as text
(intent `absence_import`). The file is read and summarised off the event loop, in memory, and
dropped when the turn ends: nothing of it is stored or logged. Outcomes:
- one pupil: the picture as an Adaptive Card (figures, a weekday bar chart drawn in text so every
  Teams client shows it, the guide's criteria quoted), a «Meld fraværet» button whose payload
  carries the facts (pupil, class, days, documented or not) into the report conversation, and
  the 2.4 phone-call template for that pupil with step 1 filled with the summary;
- several pupils (a leader's whole-school file): the pupils who meet a criterion and have no
  open case, each with a button to report them, and the årshjul's January overview (pupils with
  10 days or more at the 1st term);
- bad input: the problem's Norwegian message (casework.absence.problems); nothing stored.
Only the derived facts the user takes into the report are kept, on that case, by the report.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import date
from typing import Any

from botbuilder.core import TurnContext

from casework.absence import (
    AbsenceExport,
    AbsencePicture,
    AbsenceSummary,
    ImportProblem,
    criterion_quote,
    first_term_overview,
    meeting_criteria,
    read_pasted,
    read_upload,
    summarise_export,
)
from casework.access import visible_cases_of_pupil
from casework.services import Services
from content.i18n import Translator
from content.intents import Intent
from content.render import render_template
from dialogs.engine.form import AnswerDialog
from dialogs.engine.ids import DialogId
from dialogs.engine.replies import show_typing, text_reply, translator, with_card
from dialogs.engine.turn import actor_of

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")
BAR = "█"
MAX_LISTED = 20  # pupils listed by name in one chat message
PHONE_CALL = "telefonsamtale"
SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
VERSION = "1.5"


def _today(services: Services) -> date:
    return services.clock.now().date()


async def answer_upload(
    context: TurnContext,
    services: Services,
    data: bytes,
    filename: str,
) -> None:
    today, mapping = _today(services), services.absence_columns
    export = await asyncio.to_thread(read_upload, data, filename, today=today, mapping=mapping)
    await _answer_export(context, services, export)


async def answer_pasted(context: TurnContext, services: Services, text: str) -> None:
    await show_typing(context)
    today, mapping = _today(services), services.absence_columns
    export = await asyncio.to_thread(read_pasted, text, today=today, mapping=mapping)
    await _answer_export(context, services, export)


async def _answer_export(
    context: TurnContext, services: Services, export: AbsenceExport | ImportProblem
) -> None:
    translate = translator(context)
    if isinstance(export, ImportProblem):
        await context.send_activity(text_reply(export.message(translate)))
        return
    calendar = services.school.calendar
    summary = await asyncio.to_thread(summarise_export, export, calendar)
    if isinstance(summary, ImportProblem):
        await context.send_activity(text_reply(summary.message(translate)))
        return
    for notice in summary.notices:
        await context.send_activity(text_reply(notice.message(translate)))
    if len(summary.pupils) == 1:
        await _answer_pupil(context, services, summary, summary.pupils[0], translate)
        return
    overview = await asyncio.to_thread(first_term_overview, export, calendar)
    await _answer_school(context, services, summary, overview, translate)


def figure_lines(
    translate: Translator, summary: AbsenceSummary, pupil: AbsencePicture
) -> list[str]:
    """The picture in sentences, for the card and for step 1 of the phone call."""
    lines = [
        translate(
            "absence.picture.days",
            days=pupil.absence_days,
            part=pupil.part_days,
            school_days=summary.period.school_days,
            share=round(pupil.share_of_school_days * 100),
        ),
        translate(
            "absence.picture.documented",
            documented=pupil.documented_days,
            undocumented=pupil.undocumented_days,
            leave=pupil.leave_days,
        ),
        translate("absence.picture.runs", longest=pupil.longest_run, single=pupil.single_days),
    ]
    for standout in pupil.standout_weekdays:
        lines.append(
            translate(
                "absence.picture.standout",
                days=standout.days,
                of=standout.of,
                among=translate(f"absence.picture.among.{standout.among}"),
                weekday=translate(f"absence.weekday_plural.{standout.weekday}"),
            )
        )
    late = ", ".join(f"{month}: {count}" for month, count in pupil.late_by_month.items())
    if late or pupil.left_early:
        lines.append(
            translate("absence.picture.late", late=late or "0", left_early=pupil.left_early)
        )
    for month in pupil.late_months_over_three:
        lines.append(translate("absence.picture.late_over_three", month=month))
    return lines


def criteria_lines(translate: Translator, pupil: AbsencePicture) -> list[str]:
    if not pupil.criteria:
        return [translate("absence.picture.no_criteria")]
    return [translate("absence.picture.criteria")] + [
        f"«{criterion_quote(criterion)}»" for criterion in pupil.criteria
    ]


def _weekday_chart(translate: Translator, pupil: AbsencePicture) -> list[dict[str, Any]]:
    """One row per weekday: name, a bar of blocks, the count. Text, so every client draws it."""
    rows = []
    for day in WEEKDAYS:
        count = pupil.weekdays.get(day, 0)
        rows.append(
            {
                "type": "ColumnSet",
                "spacing": "None",
                "columns": [
                    {
                        "type": "Column",
                        "width": "60px",
                        "items": [
                            {"type": "TextBlock", "text": translate(f"absence.weekday.{day}")}
                        ],
                    },
                    {
                        "type": "Column",
                        "width": "stretch",
                        "items": [
                            {
                                "type": "TextBlock",
                                "text": f"{BAR * count} {count}",
                                "color": "Accent",
                            }
                        ],
                    },
                ],
            }
        )
    return rows


def first_name(name: str) -> str:
    """Cases keep first names only (docs/privacy.md): «Nordmann, Ola» and «Ola Nordmann» → Ola."""
    if "," in name:
        name = name.split(",", 1)[1]
    words = name.split()
    return words[0] if words else name


def report_payload(pupil: AbsencePicture) -> dict[str, Any]:
    """What the report conversation would otherwise ask, as the file tells it; the first name
    only, since that is all a case keeps."""
    facts = pupil.facts()
    payload: dict[str, Any] = {
        "intent": Intent.REPORT_ABSENCE.value,
        "pupil": first_name(pupil.name),
    }
    if pupil.group:
        payload["group"] = pupil.group
    if pupil.absence_days:
        payload["days"] = pupil.absence_days
    if facts.documented is False:
        payload["reason"] = "undocumented"
    return payload


def picture_card(
    translate: Translator, summary: AbsenceSummary, pupil: AbsencePicture
) -> dict[str, Any]:
    period = summary.period
    title = translate(
        "absence.picture.title",
        pupil=pupil.name,
        group=pupil.group or "",
        start=translate.day(period.start),
        end=translate.day(period.end),
    )
    figures, criteria = figure_lines(translate, summary, pupil), criteria_lines(translate, pupil)
    body: list[dict[str, Any]] = [
        {"type": "TextBlock", "text": title, "weight": "Bolder", "size": "Medium", "wrap": True}
    ]
    body += [{"type": "TextBlock", "text": line, "wrap": True} for line in figures]
    body.append(
        {"type": "TextBlock", "text": translate("absence.picture.weekdays"), "weight": "Bolder"}
    )
    body += _weekday_chart(translate, pupil)
    body += [{"type": "TextBlock", "text": line, "wrap": True} for line in criteria]
    weekdays = ", ".join(
        f"{translate(f'absence.weekday.{day}')} {pupil.weekdays.get(day, 0)}" for day in WEEKDAYS
    )
    fallback = "\n".join([title, *figures, f"{translate('absence.picture.weekdays')} {weekdays}"])
    return {
        "type": "AdaptiveCard",
        "$schema": SCHEMA,
        "version": VERSION,
        "fallbackText": fallback + "\n" + "\n".join(criteria),
        "body": body,
        "actions": [
            {
                "type": "Action.Submit",
                "title": translate("absence.picture.report_button"),
                "data": report_payload(pupil),
            }
        ],
    }


def phone_call_with_overview(
    services: Services, translate: Translator, summary: AbsenceSummary, pupil: AbsencePicture
) -> str:
    """The 2.4 template for the pupil, the file's figures written under step 1's questions."""
    text = render_template(services.guide, PHONE_CALL, {"pupil": first_name(pupil.name)})
    lines = [translate("absence.picture.step_one")]
    lines += [f"   – {line}" for line in figure_lines(translate, summary, pupil)]
    lines += [f"   {line}" for line in criteria_lines(translate, pupil)]
    filled = "\n".join(lines)
    step_two = text.find("\n2. ")
    if step_two < 0:
        return f"{text}\n\n{filled}"
    return f"{text[:step_two]}\n{filled}{text[step_two:]}"


async def _answer_pupil(
    context: TurnContext,
    services: Services,
    summary: AbsenceSummary,
    pupil: AbsencePicture,
    translate: Translator,
) -> None:
    await context.send_activity(with_card(picture_card(translate, summary, pupil)))
    await context.send_activity(
        text_reply(phone_call_with_overview(services, translate, summary, pupil))
    )


async def _open_case_pupils(
    context: TurnContext, services: Services, pupils: Sequence[AbsencePicture]
) -> set[str]:
    actor = actor_of(context)

    def read(session: Any) -> set[str]:
        having = set()
        for pupil in pupils:
            cases = visible_cases_of_pupil(session, actor, pupil.name)
            if any(case.status == "open" for case in cases):
                having.add(pupil.name)
        return having

    # One lookup per pupil of a whole export: not on the loop, even on SQLite.
    return await services.database.run(read, background=True)


async def _answer_school(
    context: TurnContext,
    services: Services,
    summary: AbsenceSummary,
    overview: AbsenceSummary,
    translate: Translator,
) -> None:
    meeting = meeting_criteria(summary).pupils
    with_case = await _open_case_pupils(context, services, meeting)
    without = [pupil for pupil in meeting if pupil.name not in with_case]
    lines = [translate("absence.school.heading", count=len(without), pupils=len(summary.pupils))]
    for pupil in without[:MAX_LISTED]:
        criteria = ", ".join(translate(f"criterion.{c}") for c in pupil.criteria)
        lines.append(f"– {pupil.name} ({pupil.group or '–'}): {pupil.absence_days} · {criteria}")
    if len(without) > MAX_LISTED:
        lines.append(translate("absence.school.more", count=len(without) - MAX_LISTED))
    actions = [
        {
            "type": "Action.Submit",
            "title": translate("absence.school.report_button", pupil=pupil.name),
            "data": report_payload(pupil),
        }
        for pupil in without[:5]
    ]
    body = [{"type": "TextBlock", "text": line, "wrap": True} for line in lines]
    await context.send_activity(
        with_card(
            {
                "type": "AdaptiveCard",
                "$schema": SCHEMA,
                "version": VERSION,
                "fallbackText": "\n".join(lines),
                "body": body,
                "actions": actions,
            }
        )
    )
    january = [
        translate(
            "absence.school.january",
            count=len(overview.pupils),
            start=translate.day(overview.period.start),
            end=translate.day(overview.period.end),
        )
    ]
    for pupil in overview.pupils[:MAX_LISTED]:
        causes = ", ".join(
            f"{translate(f'absence.reason.{reason}')} {days}"
            for reason, days in pupil.reasons.items()
        )
        january.append(f"– {pupil.name} ({pupil.group or '–'}): {pupil.absence_days} · {causes}")
    await context.send_activity(text_reply("\n\n".join(january)))


def absence_import_dialog(services: Services) -> AnswerDialog:
    """Rows pasted as text (intent `absence_import`); a sent file comes in by bot/handler.py."""

    async def answer(context: TurnContext, options: dict[str, Any]) -> None:
        await answer_pasted(context, services, context.activity.text or "")

    return AnswerDialog(DialogId.ABSENCE_IMPORT, answer)
