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
from content.nlu.names import could_be_name, find_pupil
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
    "explain_case": (),  # «hvorfor?»: the conversation's last case; «Hvorfor Ole?» is a button
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
    "my_agenda": ("period",),
    "set_language": ("language",),
    "absence_import": (),  # pasted rows; the text itself is read by casework.absence
    "help": (),
    "greeting": (),
    "cancel": (),
    UNKNOWN: (),
}
INTENTS: tuple[str, ...] = tuple(INTENT_ENTITIES)
# A runner-up scoring less than this below the winner is a likely meaning too (one weak signal
# is 1, a medium 2, a strong 3): the bot then asks instead of guessing.
UNSURE_MARGIN = 1.0
MAX_ALTERNATIVES = 2
# A request typed into a form needs at least one strong signal to interrupt the form.
REQUEST_SCORE = 3.0
# «hvorfor?» typed to a form's question asks about that question, not for a case's explanation.
NEVER_REQUESTS = frozenset({UNKNOWN, "greeting", "cancel", "explain_case"})


@dataclass(frozen=True)
class Recognition:
    """What the message asks for; `entities` holds only what the message actually said."""

    intent: str
    entities: dict[str, Any] = field(default_factory=dict)
    # The runners-up whose score is within UNSURE_MARGIN of the winner, best first: when there
    # are any, the bot asks «Mente du …» instead of guessing. Not part of `to_json`.
    alternatives: tuple[str, ...] = ()
    # The message reads as a request of its own (a question or an order with a clear winner),
    # not as an answer to a question a form asked: see `Recognizer.request`.
    asks: bool = False

    @property
    def unsure(self) -> bool:
        return bool(self.alternatives)

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
        ranked = self._ranked(words, pupil is not None)
        if not ranked:
            return Recognition(UNKNOWN)
        (best_score, intent), rest = ranked[0], ranked[1:]
        close = tuple(
            name for score, name in rest[:MAX_ALTERNATIVES] if best_score - score < UNSURE_MARGIN
        )
        entities = self._entities(intent, words, pupil)
        if intent in COLLEAGUE_INTENTS:
            entities.update(case_and_colleague(text))
        asks = not close and best_score >= REQUEST_SCORE
        asks = asks and (text.rstrip().endswith("?") or self._is_request(words))
        return Recognition(intent, entities, close, asks)

    def request(self, text: str) -> Recognition | None:
        """The message as a request of its own while a form waits for an answer ("hva er nivå
        2?", "vis malen"), or None when it may well be the answer. Words that answer questions
        («ja», «nei», a weekday, a month, a bare name or class) never are.

        Most form answers neither end with «?» nor use request words, and `recognize` could
        then never say `asks`: they are answered before the intents are ranked."""
        if not text.rstrip().endswith("?"):
            words = " ".join(self._corrected(token) for token in tokenize(text))
            if not self._is_request(words):
                return None
        recognition = self.recognize(text)
        if not recognition.asks or recognition.intent in NEVER_REQUESTS:
            return None
        return recognition

    def could_be_name(self, text: str) -> bool:
        """May this bare answer be a pupil's first name? «Nei», «tirsdag», «mars» never are."""
        return could_be_name(text, self._lex)

    def entities_for(self, intent: str, text: str) -> dict[str, Any]:
        """The entities `text` holds for `intent`, as if it had won: a «Mente du …» choice
        is routed with what the message said."""
        tokens = tokenize(text)
        words = " ".join(self._corrected(token) for token in tokens)
        entities = self._entities(intent, words, find_pupil(tokens, self._lex))
        if intent in COLLEAGUE_INTENTS:
            entities.update(case_and_colleague(text))
        return entities

    def _is_request(self, words: str) -> bool:
        return bool(self._lex.features["request"].search(words))

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

    def _ranked(self, words: str, has_pupil: bool) -> list[tuple[float, str]]:
        """Intents above the threshold, best first; ties go to the more specific intent."""
        lex = self._lex
        active = {name for name, pattern in lex.features.items() if pattern.search(words)}
        if has_pupil:
            active.add("pupil")
        scored: list[tuple[float, int, str]] = []
        for rule in lex.intents:
            if rule.any_signal is not None and not rule.any_signal.search(words):
                continue  # no signal, no score (weights are positive, the threshold too)
            score = sum(weight for pattern, weight in rule.signals if pattern.search(words))
            if score < lex.threshold:
                continue  # message-wide features may tip the balance, never create an intent
            score += sum(lex.adjust.get(feature, {}).get(rule.name, 0.0) for feature in active)
            if score < lex.threshold:
                continue
            scored.append((score, -lex.priority.get(rule.name, len(lex.priority)), rule.name))
        scored.sort(reverse=True)
        return [(score, name) for score, _, name in scored]

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
            # An intent may read an entity its own way ("period" of my_agenda is today/week).
            extract = self._extractors.get(f"{intent}.{name}") or self._extractors.get(name)
            value = pupil if by_name or extract is None else extract(words)
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
            "my_agenda.period": partial(ent.first_match, table=_prefixed(lex, "agenda_")),
            "language": partial(ent.first_match, table=_prefixed(lex, "language_")),
            "escalate.level": partial(ent.escalation_level, p=p, lex=lex),
        }


def _actions(lex: Lexicon) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """`action_remove`, `action_add`, `action_list` from entities.yaml, in that order."""
    return tuple(
        (name.removeprefix("action_"), lex.compile(pattern))
        for name, pattern in lex.entity_patterns.items()
        if name.startswith("action_")
    )


def _prefixed(lex: Lexicon, prefix: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """`agenda_today`, `agenda_week` ... as (value, pattern), in the file's order."""
    return tuple(
        (name.removeprefix(prefix), lex.compile(pattern))
        for name, pattern in lex.entity_patterns.items()
        if name.startswith(prefix)
    )


def _call3(function: Callable[..., Any], text: str, *, p: Any, lex: Lexicon) -> Any:
    return function(text, p, lex)
