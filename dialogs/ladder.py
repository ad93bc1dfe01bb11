"""Explain the ladder (tiltakstrappa, guide 1.3): the overview, or what one level requires.

Entry: intent `explain_ladder`, slot `level` (0–3) optional. No questions asked: without a
level the overview card is shown with a button per level. A question about worrying absence
itself («hva er bekymringsfullt fravær?») gets the criteria, the travel exception and both OBS
texts first, as the guide words them (issue 14). Outcome: one card; nothing stored.
"""

from __future__ import annotations

from typing import Any

from botbuilder.core import TurnContext

from casework.services import Services
from content.answers import ladder_overview, level_details
from content.cards import render_card
from content.models import Guide
from content.nlu.normalize import fold
from dialogs.engine.form import AnswerDialog
from dialogs.engine.ids import DialogId
from dialogs.engine.replies import say, translator, with_card
from dialogs.engine.turn import message_text


def criteria_text(guide: Guide) -> str:
    """«Bekymringsfullt skolefravær er» and the four criteria, the travel exception, the OBS."""
    ladder = guide.ladder
    lines = [ladder.concern_heading]
    lines += [f"• {c.quote}" for c in ladder.criteria if c.kind == "criterion"]
    lines += [
        "",
        ladder.travel_exception,
        "",
        ladder.obs_other_worries,
        "",
        ladder.unsafe_environment,
    ]
    return "\n".join(lines)


def explain_ladder_dialog(services: Services) -> AnswerDialog:
    async def answer(context: TurnContext, options: dict[str, Any]) -> None:
        translate = translator(context)
        level = options.get("level")
        if level is None and "bekymringsful" in fold(message_text(context) or ""):
            await say(context, criteria_text(services.guide))
        if isinstance(level, int) and 0 <= level <= 3:
            card = render_card("ladder_level", level_details(services.guide, level, translate))
        else:
            card = render_card("ladder_overview", ladder_overview(services.guide, translate))
        await context.send_activity(with_card(card))

    return AnswerDialog(DialogId.EXPLAIN_LADDER, answer)
