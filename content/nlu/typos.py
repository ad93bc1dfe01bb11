"""Bounded typo correction over the recognizer's own vocabulary.

Messages are typed on phones between lessons, so a signal word is often one letter off
("fravr", "undringsamtale"). A deletion index (the SymSpell idea) finds every vocabulary word
within the allowed edit distance with a handful of dict look-ups, which keeps a call well under a
millisecond; the true distance (optimal string alignment) then picks the closest candidate.
"""

from collections.abc import Iterable
from itertools import combinations

MIN_LENGTH = 5
MIN_QUERY = 4
LONG_WORD = 9
_CACHE_LIMIT = 4096


def max_distance(word: str) -> int:
    """Short words tolerate one slip, long compound words two; three letters are too few."""
    if len(word) < MIN_QUERY:
        return 0
    return 2 if len(word) >= LONG_WORD else 1


def _deletions(word: str, depth: int) -> set[str]:
    variants = {word}
    for count in range(1, depth + 1):
        for positions in combinations(range(len(word)), count):
            variants.add("".join(c for i, c in enumerate(word) if i not in positions))
    return variants


def osa_distance(left: str, right: str) -> int:
    """Edit distance where swapping two neighbouring letters counts as one edit."""
    rows = [list(range(len(right) + 1))]
    for i, lchar in enumerate(left, 1):
        row = [i] + [0] * len(right)
        for j, rchar in enumerate(right, 1):
            cost = 0 if lchar == rchar else 1
            row[j] = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + cost)
            if i > 1 and j > 1 and lchar == right[j - 2] and left[i - 2] == rchar:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


class TypoCorrector:
    """Maps a misspelt word to the closest vocabulary word, or returns it unchanged."""

    def __init__(self, vocabulary: Iterable[str]) -> None:
        # Four-letter words are looked up but not indexed: "sakr" may become "saker", while
        # "sant" may not become "sent".
        self._vocabulary = frozenset(w for w in vocabulary if len(w) >= MIN_LENGTH)
        # No word longer than this is within two edits of a vocabulary word: it is returned at
        # once instead of having its deletions enumerated (cubic in the word's length).
        self._longest = max((len(w) for w in self._vocabulary), default=0) + 2
        self._index: dict[str, set[str]] = {}
        for word in self._vocabulary:
            for variant in _deletions(word, max_distance(word)):
                self._index.setdefault(variant, set()).add(word)
        self._cache: dict[str, str] = {}

    def correct(self, word: str) -> str:
        if len(word) > self._longest:
            return word
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        result = self._closest(word)
        if len(self._cache) < _CACHE_LIMIT:
            self._cache[word] = result
        return result

    def _closest(self, word: str) -> str:
        limit = max_distance(word)
        if limit == 0 or len(word) > self._longest or word in self._vocabulary:
            return word
        candidates: set[str] = set()
        for variant in _deletions(word, limit):
            candidates.update(self._index.get(variant, ()))
        best: tuple[int, int, str] | None = None
        for candidate in candidates:
            distance = osa_distance(word, candidate)
            if distance > min(limit, max_distance(candidate)):
                continue
            key = (distance, abs(len(candidate) - len(word)), candidate)
            if best is None or key < best:
                best = key
        return word if best is None else best[2]
