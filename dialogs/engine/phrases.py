"""Our own reply buttons that stand for a button-only request, read back from their text.

Teams' suggested actions can only send text (imBack), and each shows the command it sends
(dialogs.engine.replies.with_buttons). For the few requests no typed message means (content.
intents.BUTTON_ONLY), the button's exact phrase, in each language, is turned back into the
request with the pupil (and class) it names; every other message goes to the recognizer, also
one whose "name" is an ordinary word («hvorfor det?»).
"""

from __future__ import annotations

import re
from typing import Any

from content.i18n import SUPPORTED_LANGUAGES, Translator
from content.intents import Intent
from content.nlu import Recognition

# The catalog key of each such button's phrase, and the request it stands for.
PHRASES = {
    "leadership.offer.value": Intent.REPORT_TO_LEADERSHIP,
    "report.why.value": Intent.EXPLAIN_CASE,
}


class ButtonPhrases:
    def __init__(self, inner: Any) -> None:
        self._inner = inner
        self._patterns = [
            (_phrase(Translator(language)(key)), intent)
            for key, intent in PHRASES.items()
            for language in SUPPORTED_LANGUAGES
        ]

    def recognize(self, text: str, locale: str = "nb-NO") -> Any:
        cleaned = " ".join(text.split())
        for pattern, intent in self._patterns:
            match = pattern.fullmatch(cleaned)
            if match and self._names_a_pupil(match.groupdict().get("pupil")):
                return Recognition(intent, match.groupdict())
        return self._inner.recognize(text, locale)

    def _names_a_pupil(self, pupil: str | None) -> bool:
        """«Hvorfor det?» is typed, not the button of a pupil called «det»."""
        return pupil is None or " " in pupil or self._inner.could_be_name(pupil)

    def might_be(self, intent: str, text: str) -> bool:
        return self._inner.might_be(intent, text)


def _phrase(template: str) -> re.Pattern[str]:
    pattern = re.escape(template)
    pattern = pattern.replace(re.escape("{pupil}"), r"(?P<pupil>.+?)")
    pattern = pattern.replace(re.escape("{group}"), r"(?P<group>\S+)")
    if pattern.endswith(r"\?"):
        pattern += "?"  # typed without the question mark, it means the same
    return re.compile(pattern, re.IGNORECASE)
