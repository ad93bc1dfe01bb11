"""When something is due, as people say it: "i dag, torsdag 26. november kl. 15.00"."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from content.i18n import Translator


def due_phrase(translate: Translator, due_at: datetime, today: date) -> str:
    """ "i dag, torsdag 26. november kl. 15.00" or "fredag 18. desember"; `due_at` is local."""
    day = due_at.date()
    if day == today:
        return translate(
            "when.today", day=translate.short_day(day), time=translate.clock(due_at.time())
        )
    if day.year == today.year:
        return translate("when.on", day=translate.short_day(day))
    return translate("when.on", day=translate.day(day))


def deadline_lines(
    translate: Translator, deadlines: Sequence[tuple[str, datetime]], today: date
) -> list[str]:
    return [
        translate(
            "deadline.line",
            what=translate(f"deadline.{kind}"),
            when=due_phrase(translate, at, today),
        )
        for kind, at in deadlines
    ]
