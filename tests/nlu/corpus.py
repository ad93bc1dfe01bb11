"""The labelled corpus in two parts: train (corpus.yaml and the `train` families, which the rules
are tuned on) and test (the frozen `test` families of families.yaml, never tuned on).

`python -m tests.nlu.corpus` prints the report: accuracy per part, per intent, the confusion
summary and entity accuracy; the corpus test asserts on the same figures.
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).parent
CORPUS = HERE / "corpus.yaml"
FAMILIES = HERE / "families.yaml"


@dataclass(frozen=True)
class Case:
    text: str
    intent: str
    entities: dict[str, Any]
    locale: str
    family: str
    split: str


def _entities_of(intent: str) -> tuple[str, ...]:
    from content.nlu.recognizer import INTENT_ENTITIES

    return INTENT_ENTITIES.get(intent, ())


def _expand(family: dict[str, Any], names: list[str]) -> list[Case]:
    cases = []
    for line in family["lines"]:
        item = {"text": line} if isinstance(line, str) else dict(line)
        intent = item.get("intent", family["intent"])
        entities = {**family.get("entities", {}), **item.get("entities", {})}
        locale = item.get("locale", family.get("locale", "nb-NO"))
        fills = names if "{p}" in item["text"] else [None]
        for name in fills:
            found = dict(entities)
            if name is not None and "pupil" in _entities_of(intent):
                found["pupil"] = name
            text = item["text"] if name is None else item["text"].replace("{p}", name)
            cases.append(Case(text, intent, found, locale, family["family"], family["split"]))
    return cases


def load_cases() -> list[Case]:
    with CORPUS.open(encoding="utf-8") as handle:
        flat = yaml.safe_load(handle)
    cases = [
        Case(
            c["text"],
            c["intent"],
            c.get("entities", {}),
            c.get("locale", "nb-NO"),
            "corpus",
            "train",
        )
        for c in flat
    ]
    with FAMILIES.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    defaults = data["defaults"]
    for family in data["families"]:
        names = family.get("names") or defaults[f"{family['split']}_names"]
        cases.extend(_expand(family, names))
    return cases


def expected_entities(case: Case) -> dict[str, Any]:
    return {name: (str(v) if name == "group" else v) for name, v in case.entities.items()}


@dataclass
class Score:
    """Intent and entity figures for one part of the corpus."""

    totals: Counter[str] = field(default_factory=Counter)
    hits: Counter[str] = field(default_factory=Counter)
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    entity_total: int = 0
    entity_hits: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, case: Case, got: Any) -> None:
        self.totals[case.intent] += 1
        if got.intent != case.intent:
            self.confusion[(case.intent, got.intent)] += 1
            self.misses.append(f"  [{case.family}] {case.text!r}: {case.intent} -> {got.intent}")
            return
        self.hits[case.intent] += 1
        expected = expected_entities(case)
        for name in set(expected) | set(got.entities):
            self.entity_total += 1
            if expected.get(name) == got.entities.get(name):
                self.entity_hits += 1
            else:
                self.misses.append(
                    f"  [{case.family}] {case.text!r}: {name} expected "
                    f"{expected.get(name)!r}, got {got.entities.get(name)!r}"
                )

    @property
    def intent_accuracy(self) -> float:
        return sum(self.hits.values()) / max(1, sum(self.totals.values()))

    @property
    def entity_accuracy(self) -> float:
        return self.entity_hits / max(1, self.entity_total)

    def report(self, title: str) -> str:
        lines = [
            f"{title}: {sum(self.totals.values())} utterances, intent "
            f"{self.intent_accuracy:.1%}, entities {self.entity_accuracy:.1%} "
            f"({self.entity_hits}/{self.entity_total})",
            "  per intent:",
        ]
        for intent, total in sorted(self.totals.items()):
            lines.append(
                f"    {intent:22} {self.hits[intent]:4}/{total:<4} {self.hits[intent] / total:.0%}"
            )
        if self.confusion:
            lines.append("  confusion (expected -> got):")
            lines += [f"    {e} -> {g}: {n}" for (e, g), n in self.confusion.most_common()]
        return "\n".join(lines)


def score(recognizer: Any, cases: list[Case]) -> dict[str, Score]:
    parts = {"train": Score(), "test": Score()}
    for case in cases:
        parts[case.split].add(case, recognizer.recognize(case.text, case.locale))
    return parts


def main(argv: list[str]) -> int:
    from content.nlu import Recognizer

    parts = score(Recognizer(), load_cases())
    print(parts["train"].report("train"))
    print(parts["test"].report("test (frozen)"))
    if "--misses" in argv:  # for the train part only: the test part is not for tuning
        print("\n".join(parts["train"].misses))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
