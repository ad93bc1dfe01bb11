"""The language a user wants the bot to answer in (issue 15).

Entry: intent `set_language`, slot `language` (nb, nn or en); «snakk nynorsk», «svar på
engelsk», «bokmål». Outcome: the choice is kept on the user's profile (read with the turn's
first transaction from then on) and confirmed in the new language. Texts for Visma and parents
stay in the school's Norwegian whatever the user chose.
"""

from __future__ import annotations

from typing import Any

from botbuilder.core import TurnContext

from casework.services import Services
from content.i18n import LANGUAGE_KEY, SUPPORTED_LANGUAGES
from dialogs.engine.form import AnswerDialog
from dialogs.engine.ids import DialogId
from dialogs.engine.replies import say, translator
from dialogs.engine.turn import actor_of
from storage import leaders as leader_repo


def set_language_dialog(services: Services) -> AnswerDialog:
    async def answer(context: TurnContext, options: dict[str, Any]) -> None:
        language = options.get("language")
        if language not in SUPPORTED_LANGUAGES:
            await say(context, translator(context)("language.which"))
            return
        actor, now = actor_of(context), services.clock.now()
        await services.database.run(
            lambda session: leader_repo.save_language(
                session,
                tenant_id=actor.tenant_id,
                aad_object_id=actor.aad_id,
                display_name=actor.name,
                language=language,
                now=now,
            )
        )
        context.turn_state[LANGUAGE_KEY] = language
        await say(context, translator(context)("language.switched"))

    return AnswerDialog(DialogId.SET_LANGUAGE, answer)
