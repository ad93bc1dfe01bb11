"""The recognizer's data, loaded from the YAML files next to this module and prepared once.

Everything a call needs is built here: folded word tables, compiled regular expressions with
the number/month/template placeholders filled in, the never-a-name word set and the typo index.
"""

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from content.nlu.normalize import fold
from content.nlu.typos import TypoCorrector

DATA_DIR = Path(__file__).parent
_LITERAL_WORD = re.compile(r"[a-z]{2,}")
# Regex escapes look like words ("\w", "\b"); drop them before collecting vocabulary.
_ESCAPES = re.compile(r"\\[a-z]")
STEM_MIN = 4
MAX_SUFFIX = 4


@dataclass(frozen=True)
class IntentRule:
    """One intent's weighted signal patterns, and one pattern that matches where any does: most
    intents match nothing in a message, and one search rules them out instead of one per
    signal."""

    name: str
    signals: tuple[tuple[re.Pattern[str], float], ...]
    any_signal: re.Pattern[str] | None = field(init=False, compare=False)

    def __post_init__(self) -> None:
        combined = "|".join(f"(?:{pattern.pattern})" for pattern, _ in self.signals)
        try:
            any_signal = re.compile(combined) if self.signals else None
        except re.error:  # e.g. a flag only one pattern carries: search them one by one
            any_signal = None
        object.__setattr__(self, "any_signal", any_signal)


@dataclass(frozen=True)
class Lexicon:
    intents: tuple[IntentRule, ...]
    priority: dict[str, int]
    threshold: float
    features: dict[str, re.Pattern[str]]
    adjust: dict[str, dict[str, float]]
    numbers: dict[str, int]
    ordinals: dict[str, int]
    months: dict[str, int]
    templates: tuple[tuple[str, re.Pattern[str]], ...]
    reasons: tuple[tuple[str, re.Pattern[str]], ...]
    never_names: frozenset[str]
    first_names: frozenset[str]
    vocabulary: frozenset[str]
    stems: frozenset[str]
    corrector: TypoCorrector
    placeholders: dict[str, str]
    entity_patterns: dict[str, str]

    def is_vocabulary(self, word: str) -> bool:
        """True for a lexicon word or an inflected form of one ("fraværet" of "fravær")."""
        if word in self.vocabulary:
            return True
        for cut in range(1, MAX_SUFFIX + 1):
            stem = word[:-cut]
            if len(stem) < STEM_MIN:
                return False
            if stem in self.stems:
                return True
        return False

    def compile(self, pattern: str) -> re.Pattern[str]:
        """Fold a pattern written in plain Norwegian and fill its placeholders."""
        folded = fold(pattern)
        for name, alternation in self.placeholders.items():
            folded = folded.replace("{" + name + "}", alternation)
        return re.compile(folded)


# libyaml's parser when PyYAML has it: the pure-Python one took most of the start-up.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read(name: str) -> dict[str, Any]:
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_LOADER)


def _folded_table(table: dict[Any, int]) -> dict[str, int]:
    return {fold(str(key)): int(value) for key, value in table.items()}


def _alternation(words: list[str]) -> str:
    ordered = sorted({fold(w) for w in words}, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w) for w in ordered) + ")"


def _words_in(patterns: list[str]) -> set[str]:
    words: set[str] = set()
    for pattern in patterns:
        words.update(_LITERAL_WORD.findall(_ESCAPES.sub(" ", fold(pattern))))
    return words


@cache
def load_lexicon() -> Lexicon:
    """Read and prepare the data files; cached because the files never change at run time."""
    intents, entities, names = _read("intents.yaml"), _read("entities.yaml"), _read("names.yaml")
    numbers, ordinals = _folded_table(entities["numbers"]), _folded_table(entities["ordinals"])
    months = _folded_table(entities["months"])
    template_patterns = {k: list(v) for k, v in entities["templates"].items()}
    placeholders = {
        "num": r"(?:\d{1,2}|" + _alternation(list(numbers))[3:],
        "ord": _alternation(list(ordinals)),
        "month": _alternation(list(months)),
        "greet": _alternation(entities["greetings"]),
        "group": fold(entities["group_words"]),
    }
    all_template = [p for patterns in template_patterns.values() for p in patterns]
    placeholders["template"] = "(?:" + "|".join(fold(p) for p in all_template) + ")"
    # Concept word sets ({call}, {guardians}, {say} ...): one meaning, every way staff write it.
    concepts = intents.get("concepts", {})
    for name, words in concepts.items():
        placeholders[name] = "(?:" + "|".join(fold(w) for w in words) + ")"
    raw_patterns = [
        p for rule in intents["intents"].values() for tier in rule.values() for p in tier
    ] + [w for words in concepts.values() for w in words]
    reason_patterns = list(entities["reasons"].values())
    # Only pattern words act as stems: "sept" must not make "septmber" look correct.
    entity_patterns = dict(entities["patterns"])
    stems = _words_in(raw_patterns + all_template + reason_patterns)
    stems |= _words_in([*entity_patterns.values(), entities["group_words"]])
    vocabulary = stems | set(months)
    vocabulary |= set(numbers) | set(ordinals) | {fold(w) for w in entities["greetings"]}
    never = {fold(str(w)) for w in names["never_names"]}
    never |= {fold(w) for w in entities["month_names"] + entities["weekdays"]}
    more_names = _read("first_names.yaml")["first_names"]
    first_names = frozenset(fold(w) for w in [*names["first_names"], *more_names])
    base = Lexicon(
        intents=(),
        priority={name: i for i, name in enumerate(intents["priority"])},
        threshold=float(intents["threshold"]),
        features={},
        adjust={k: {i: float(d) for i, d in v.items()} for k, v in intents["adjust"].items()},
        numbers=numbers,
        ordinals=ordinals,
        months=months,
        templates=(),
        reasons=(),
        never_names=frozenset(never),
        first_names=first_names,
        vocabulary=frozenset(vocabulary),
        stems=frozenset(stems),
        corrector=TypoCorrector(vocabulary - first_names),
        placeholders=placeholders,
        entity_patterns=entity_patterns,
    )
    hints = {k: list(v) for k, v in entities.get("template_hints", {}).items()}
    return _with_patterns(base, intents, entities, template_patterns, hints)


def _with_patterns(
    base: Lexicon,
    intents: dict[str, Any],
    entities: dict[str, Any],
    templates: dict[str, list[str]],
    hints: dict[str, list[str]],
) -> Lexicon:
    weights = {tier: float(w) for tier, w in intents["weights"].items()}
    if min(weights.values()) <= 0 or base.threshold <= 0:
        # The recognizer skips an intent none of whose signals match: only sound when a
        # signal can only add to a score and a score of nothing never wins.
        raise ValueError("intents.yaml: signal weights and the threshold must be positive")
    rules = tuple(
        IntentRule(
            name,
            tuple(
                (base.compile(pattern), weights[tier])
                for tier, patterns in tiers.items()
                for pattern in patterns
            ),
        )
        for name, tiers in intents["intents"].items()
    )
    return Lexicon(
        **{
            **base.__dict__,
            "intents": rules,
            "features": {k: base.compile(v) for k, v in intents["features"].items()},
            "templates": tuple(
                (tid, base.compile(p))
                for table in (templates, hints)
                for tid, patterns in table.items()
                for p in patterns
            ),
            "reasons": tuple((rid, base.compile(p)) for rid, p in entities["reasons"].items()),
        }
    )
