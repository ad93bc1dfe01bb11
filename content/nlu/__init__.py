"""Norwegian intent and entity recognizer for teachers' messages (issue 3).

`recognize(text)` uses one module-level recognizer, built on first use; the root dialog routes
on `Recognition.intent` and pre-fills slots from `Recognition.entities`.
"""

from functools import cache

from content.nlu.recognizer import DEFAULT_LOCALE, INTENTS, Recognition, Recognizer

__all__ = [
    "DEFAULT_LOCALE",
    "INTENTS",
    "Recognition",
    "Recognizer",
    "default_recognizer",
    "recognize",
]


@cache
def default_recognizer() -> Recognizer:
    return Recognizer()


def recognize(text: str, locale: str = DEFAULT_LOCALE) -> Recognition:
    return default_recognizer().recognize(text, locale)
