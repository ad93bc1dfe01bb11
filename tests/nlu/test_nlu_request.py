"""`Recognizer.request` answers a form's answer before ranking when it cannot be a request: the
same answer as the full recognition would give, for every text of the corpus and for typed
variants (with «?», request words, answers)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from content.nlu import default_recognizer
from content.nlu.recognizer import NEVER_REQUESTS, Recognition, Recognizer
from tests.nlu.corpus import load_cases

ANSWERS = ["ja", "nei", "0", "i dag", "Lagre", "Kari Lærer", "5B", "tirsdag", "Ringer igjen fredag"]
REQUEST_WORDS = ["vis", "hva er", "kan du", "hvordan", "hjelp", "malen", "nivå 2", "?"]


@pytest.fixture(scope="module")
def recognizer() -> Recognizer:
    return default_recognizer()


def as_specified(recognizer: Recognizer, text: str) -> Recognition | None:
    """What `request` is: the recognition, when it asks and is a request at all."""
    recognition = recognizer.recognize(text)
    if not recognition.asks or recognition.intent in NEVER_REQUESTS:
        return None
    return recognition


def corpus_texts() -> list[str]:
    texts = [case.text for case in load_cases()]
    return texts + [f"{text}?" for text in texts[::7]] + ANSWERS


def test_request_agrees_with_the_full_recognition_on_the_corpus(recognizer: Recognizer) -> None:
    texts = corpus_texts()
    differing = [t for t in texts if recognizer.request(t) != as_specified(recognizer, t)]
    assert differing == []
    # Both kinds are in there: the shortcut is taken, and requests still come through.
    assert sum(recognizer.request(t) is not None for t in texts) > 50
    assert sum(recognizer.request(t) is None for t in texts) > 50


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(ANSWERS + REQUEST_WORDS), min_size=1, max_size=4))
def test_request_agrees_on_answers_mixed_with_request_words(parts: list[str]) -> None:
    recognizer = default_recognizer()
    text = " ".join(parts)
    assert recognizer.request(text) == as_specified(recognizer, text)
