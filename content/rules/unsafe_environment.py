"""Spotting signs of an unsafe school environment in what staff write about a pupil.

The ladder's OBS box says that when an unsafe school environment comes to light, the school's
own plans for it must be used. Staff rarely say "unsafe school environment"; they write "hun
blir holdt utenfor" or "han vert mobba". A word list (bokmål and nynorsk, in a data file) is
enough to remind them of the plan; a false alarm costs one extra sentence, a miss costs more.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

import yaml

WORDS_FILE = Path(__file__).with_name("unsafe_environment_words.yaml")

# Letters folded before matching, so "slått", "slatt" and "slaatt" are the same word.
_FOLDS = (("æ", "ae"), ("ø", "o"), ("å", "a"), ("aa", "a"), ("oe", "o"))


def normalise(text: str) -> str:
    """Lower case, Norwegian letters folded, accents dropped, words separated by one space."""
    text = text.casefold()
    for letter, plain in _FOLDS:
        text = text.replace(letter, plain)
    decomposed = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.findall(r"\w+", text))


def _pattern(entry: str) -> str:
    parts = []
    for word in entry.split():
        stem = re.escape(normalise(word.rstrip("*")))
        parts.append(stem + (r"\w*" if word.endswith("*") else r"\b"))
    return r"\b" + " ".join(parts)


@functools.cache
def _matcher() -> re.Pattern[str]:
    data = yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8"))
    entries = {entry for words in data.values() for entry in words}
    return re.compile("|".join(sorted(_pattern(entry) for entry in entries)))


def suggests_unsafe_environment(text: str) -> bool:
    """True when `text` uses a word for bullying, exclusion, harassment or violence."""
    return _matcher().search(normalise(text)) is not None
