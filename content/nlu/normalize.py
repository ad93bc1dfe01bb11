"""Text normalisation shared by the lexicon and the recognizer.

Teachers type "fravær", "fravaer" and "fravar" for the same word, so both the message and every
lexicon entry are folded to one spelling: lower case, æ/ø/å (and the "ae"/"oe"/"aa" digraphs that
stand in for them) become a single plain letter. Tokens keep the original spelling next to the
folded one, because a pupil's name is returned as written.
"""

import re
from dataclasses import dataclass

_CHAR_MAP = str.maketrans(
    {
        "æ": "a",
        "ø": "o",
        "å": "a",
        "ä": "a",
        "ö": "o",
        "à": "a",
        "á": "a",
        "é": "e",
        "è": "e",
        "ê": "e",
        "ó": "o",
        "ò": "o",
        "ô": "o",
        "ü": "u",
        "’": "'",
        "´": "'",
        "`": "'",
    }
)
_DIGRAPHS = re.compile(r"ae|oe|aa")
_REPEATS = re.compile(r"([a-z])\1{2,}|([aeiouy])\2\b")
_TOKEN = re.compile(r"[^\W_]+(?:['\-][^\W_]+)*")
_SENTENCE_END = frozenset(".!?:;\n")


@dataclass(frozen=True, slots=True)
class Token:
    """One word of the message: as typed, folded, and whether it opens a sentence."""

    orig: str
    norm: str
    initial: bool


def fold(text: str) -> str:
    """Lower-case and fold Norwegian letters so spelling variants compare equal."""
    folded = _DIGRAPHS.sub(_first_letter, text.lower().translate(_CHAR_MAP))
    return _REPEATS.sub(_one_letter, folded)


def _first_letter(match: re.Match[str]) -> str:
    return match.group(0)[0]


def _one_letter(match: re.Match[str]) -> str:
    """Chat elongation ("heiii", "neii") carries no meaning."""
    return match.group(0)[0]


def tokenize(text: str) -> list[Token]:
    """Split into word tokens; "5." keeps the next word mid-sentence (it is an ordinal)."""
    tokens: list[Token] = []
    end = 0
    for match in _TOKEN.finditer(text):
        gap = text[end : match.start()]
        initial = not tokens or (
            any(char in _SENTENCE_END for char in gap) and not tokens[-1].orig.isdigit()
        )
        word = match.group(0)
        tokens.append(Token(word, fold(word), initial))
        end = match.end()
    return tokens
