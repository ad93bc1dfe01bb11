"""Accuracy of the recognizer on the hand-written corpus, per intent and per entity.

A miss prints a confusion summary (expected → got, with counts) and the failing utterances, so
a regression shows which look-alike pair broke.
"""

from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest
import yaml

from content.nlu import INTENTS, Recognition, Recognizer
from content.nlu.lexicon import load_lexicon
from content.nlu.normalize import fold

CORPUS = Path(__file__).with_name("corpus.yaml")
MIN_ACCURACY = 0.95
MIN_CORPUS = 400


def load_corpus() -> list[dict[str, Any]]:
    with CORPUS.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@pytest.fixture(scope="module")
def results() -> list[tuple[dict[str, Any], Recognition]]:
    recognizer = Recognizer()
    return [
        (case, recognizer.recognize(case["text"], case.get("locale", "nb-NO")))
        for case in load_corpus()
    ]


def _expected(case: dict[str, Any]) -> dict[str, Any]:
    entities = case.get("entities", {})
    return {name: (str(v) if name == "group" else v) for name, v in entities.items()}


def test_corpus_is_large_and_covers_every_intent() -> None:
    corpus = load_corpus()
    assert len(corpus) >= MIN_CORPUS
    assert {case["intent"] for case in corpus} == set(INTENTS)
    assert {case.get("locale", "nb-NO") for case in corpus} == {"nb-NO", "nn-NO"}


def test_intent_accuracy_per_intent(results: list[tuple[dict[str, Any], Recognition]]) -> None:
    totals: Counter[str] = Counter()
    hits: Counter[str] = Counter()
    confusion: Counter[tuple[str, str]] = Counter()
    misses: list[str] = []
    for case, got in results:
        totals[case["intent"]] += 1
        if got.intent == case["intent"]:
            hits[case["intent"]] += 1
        else:
            confusion[(case["intent"], got.intent)] += 1
            misses.append(f"  {case['text']!r}: expected {case['intent']}, got {got.intent}")
    low = {i: hits[i] / n for i, n in totals.items() if hits[i] / n < MIN_ACCURACY}
    summary = "\n".join(f"  {e} -> {g}: {n}" for (e, g), n in confusion.most_common())
    assert not low, f"intent accuracy below {MIN_ACCURACY}: {low}\n{summary}\n" + "\n".join(misses)


def test_entity_accuracy_per_entity(results: list[tuple[dict[str, Any], Recognition]]) -> None:
    """Counts every entity expected or produced; a value, a miss and an extra each count."""
    totals: Counter[str] = Counter()
    hits: Counter[str] = Counter()
    errors: defaultdict[str, list[str]] = defaultdict(list)
    for case, got in results:
        if got.intent != case["intent"]:
            continue
        expected = _expected(case)
        for name in set(expected) | set(got.entities):
            totals[name] += 1
            if expected.get(name) == got.entities.get(name):
                hits[name] += 1
            else:
                errors[name].append(
                    f"  {case['text']!r}: expected {expected.get(name)!r}, "
                    f"got {got.entities.get(name)!r}"
                )
    low = {e: hits[e] / n for e, n in totals.items() if hits[e] / n < MIN_ACCURACY}
    detail = "\n".join(f"{e}:\n" + "\n".join(errors[e]) for e in low)
    assert not low, f"entity accuracy below {MIN_ACCURACY}: {low}\n{detail}"
    assert {"days", "count", "period", "reason", "pupil", "group", "alert", "template"} <= set(
        totals
    )
    assert {"level", "scope", "overdue", "month"} <= set(totals)


def test_each_intents_combined_pattern_matches_exactly_where_one_of_its_signals_does() -> None:
    lexicon = load_lexicon()
    texts = [fold(case["text"]) for case in load_corpus()]
    for rule in lexicon.intents:
        assert rule.any_signal is not None, rule.name
        for text in texts:
            each = any(pattern.search(text) for pattern, _ in rule.signals)
            assert bool(rule.any_signal.search(text)) == each, (rule.name, text)
