"""The recognizer: one message in, one intent and its entities out.

Deterministic and local (pupils' data never leaves the school's tenant): weighted regular
expressions score every intent, a few message-wide features (a question, a generic "en elev",
a named pupil) shift the scores, and the best intent above the threshold wins; ties go to the
more specific intent. Entities are then extracted and kept only if the intent may carry them,
so the root dialog can route on `intent` and pre-fill its slots from `entities`.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from content.nlu import entities as ent
from content.nlu.colleague import COLLEAGUE_INTENTS, case_and_colleague
from content.nlu.lexicon import Lexicon, load_lexicon
from content.nlu.names import find_pupil
from content.nlu.normalize import Token, tokenize

UNKNOWN = "unknown"
DEFAULT_LOCALE = "nb-NO"

# Entities each intent may carry (the table); anything else is dropped.
INTENT_ENTITIES: dict[str, tuple[str, ...]] = {
    "report_absence": ("days", "reason", "pupil", "group", "alert"),
    "report_late": ("count", "period", "pupil", "group"),
    "report_leaving": ("pupil", "group"),
    "report_wellbeing": ("pupil", "group"),
    "show_template": ("template", "pupil"),
    "explain_ladder": ("level",),
    "explain_procedure": (),
    "list_cases": ("scope", "level", "overdue", "group", "owner"),
    "case_status": ("pupil",),
    "escalate": ("pupil", "level"),
    "log_contact": ("pupil",),
    "evaluate": ("pupil",),
    "close_case": ("pupil",),
    "conclude_not_concerning": ("pupil", "group"),
    "annual_wheel": ("month",),
    "manage_leaders": ("action",),
    "case_audit": ("pupil", "group"),
    "export_records": ("pupil", "group"),
    "delete_records": ("pupil", "group"),
    "attendance_meeting": ("pupil", "group"),
    "meeting_minutes": ("pupil", "group"),
    "show_agreement": ("pupil",),
    "share_case": ("pupil", "colleague"),
    "handover_case": ("pupil", "colleague"),
    "request_join": ("pupil", "group"),
    "help": (),
    "greeting": (),
    "cancel": (),
    UNKNOWN: (),
}
INTENTS: tuple[str, ...] = tuple(INTENT_ENTITIES)


@dataclass(frozen=True)
class Recognition:
    """What the message asks for; `entities` holds only what the message actually said."""

    intent: str
    entities: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"intent": self.intent, "entities": dict(self.entities)}


class Recognizer:
    """Holds the prepared lexicon; build one per process and call `recognize` per message."""

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self._lex = lexicon or load_lexicon()
        self._patterns = ent.build_patterns(self._lex)
        self._extractors = self._build_extractors()
        self._rules = {rule.name: rule for rule in self._lex.intents}

    def recognize(self, text: str, locale: str = DEFAULT_LOCALE) -> Recognition:
        """Bokmål and nynorsk share one lexicon, so `locale` is accepted but not needed."""
        tokens = tokenize(text)
        if not tokens:
            return Recognition(UNKNOWN) if text.strip() != "?" else Recognition("help")
        words = " ".join(self._corrected(token) for token in tokens)
        pupil = find_pupil(tokens, self._lex)
        intent = self._classify(words, pupil is not None)
        entities = self._entities(intent, words, pupil)
        if intent in COLLEAGUE_INTENTS:
            entities.update(case_and_colleague(text))
        return Recognition(intent, entities)

    def might_be(self, intent: str, text: str) -> bool:
        """A cheap pre-check: does any of `intent`'s own patterns match? Only then is the full
        classification worth running (the root dialog asks "is this a cancel?" every turn)."""
        rule = self._rules.get(intent)
        if rule is None:
            return False
        words = " ".join(self._corrected(token) for token in tokenize(text))
        return any(pattern.search(words) for pattern, _ in rule.signals)

    def entity(self, name: str, text: str) -> Any:
        """One entity from an answer to a question ("5b", "tre ganger", "i januar"), whatever
        the intent of the text alone would be; `pupil` is the first name as written."""
        tokens = tokenize(text)
        if name == "pupil":
            return find_pupil(tokens, self._lex)
        words = " ".join(self._corrected(token) for token in tokens)
        return self._extractors[name](words)

    def number(self, text: str) -> int | None:
        """A bare count as an answer: digits or a number word ("fem", "ein", "tolv")."""
        words = [self._corrected(token) for token in tokenize(text)]
        for word in words:
            if word.isdigit():
                return int(word)
            if word in self._lex.numbers:
                return self._lex.numbers[word]
        return None

    def _corrected(self, token: Token) -> str:
        """Hyphenated words ("Visma-varsel", "Annet-koden") are matched part by part."""
        if "-" in token.norm:
            parts = token.norm.split("-")
            return " ".join(self._corrected_word(part, token) for part in parts if part)
        return self._corrected_word(token.norm, token)

    def _corrected_word(self, word: str, token: Token) -> str:
        lex = self._lex
        if word in lex.never_names or word in lex.first_names or lex.is_vocabulary(word):
            return word
        if token.orig[:1].isupper() and not token.initial:
            return word
        return lex.corrector.correct(word)

    def _classify(self, words: str, has_pupil: bool) -> str:
        lex = self._lex
        active = {name for name, pattern in lex.features.items() if pattern.search(words)}
        if has_pupil:
            active.add("pupil")
        best, best_key = UNKNOWN, None
        for rule in lex.intents:
            if rule.any_signal is not None and not rule.any_signal.search(words):
                continue  # no signal, no score (weights are positive, the threshold too)
            score = sum(weight for pattern, weight in rule.signals if pattern.search(words))
            if score < lex.threshold:
                continue  # message-wide features may tip the balance, never create an intent
            score += sum(lex.adjust[feature].get(rule.name, 0.0) for feature in active)
            if score < lex.threshold:
                continue
            key = (score, -lex.priority.get(rule.name, len(lex.priority)))
            if best_key is None or key > best_key:
                best, best_key = rule.name, key
        return best

    def _entities(self, intent: str, words: str, pupil: str | None) -> dict[str, Any]:
        wanted = INTENT_ENTITIES.get(intent, ())
        if not wanted:
            return {}
        found: dict[str, Any] = {}
        for name in wanted:
            if name == "colleague":
                continue  # read from the message as written (content.nlu.colleague)
            # A first name is the pupil, except in a case list, where it names the owner.
            by_name = name in ("pupil", "owner")
            value = pupil if by_name else self._extractors[name](words)
            if value is not None:
                found[name] = value
        return found

    def _build_extractors(self) -> dict[str, Callable[[str], Any]]:
        p, lex = self._patterns, self._lex
        return {
            "days": partial(_call3, ent.days, p=p, lex=lex),
            "count": partial(_call3, ent.count, p=p, lex=lex),
            "group": partial(_call3, ent.group, p=p, lex=lex),
            "level": partial(_call3, ent.level, p=p, lex=lex),
            "month": partial(_call3, ent.month, p=p, lex=lex),
            "period": partial(ent.period, p=p),
            "scope": partial(ent.scope, p=p),
            "overdue": partial(ent.flag, pattern=p.overdue),
            "alert": partial(ent.flag, pattern=p.alert),
            "reason": partial(ent.first_match, table=lex.reasons),
            "template": partial(ent.first_match, table=lex.templates),
            "action": partial(ent.first_match, table=_actions(lex)),
        }


def _actions(lex: Lexicon) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """`action_remove`, `action_add`, `action_list` from entities.yaml, in that order."""
    return tuple(
        (name.removeprefix("action_"), lex.compile(pattern))
        for name, pattern in lex.entity_patterns.items()
        if name.startswith("action_")
    )


def _call3(function: Callable[..., Any], text: str, *, p: Any, lex: Lexicon) -> Any:
    return function(text, p, lex)
