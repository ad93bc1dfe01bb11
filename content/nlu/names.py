"""Finding the pupil's first name in a message.

A name is a capitalised word that is not an ordinary word (sentence-initial "Eleven", weekdays,
months, Visma, PPT ...), or a lower-case word in a name slot ("saken til ole", "ole har").
Known first names are accepted in lower case too; an unknown capitalised word at the start of a
sentence counts only when a verb such as "har" or "er" follows, because teachers capitalise the
first word of a message whatever it is.
"""

from content.nlu.lexicon import Lexicon
from content.nlu.normalize import Token, fold

# Words after a name that mark it as the subject: "Ole har", "Mia er", "Jonas kom".
SUBJECT_VERBS = frozenset(
    [
        "har",
        "hadde",
        "er",
        "var",
        "vart",
        "ble",
        "blei",
        "blir",
        "kom",
        "kommer",
        "kjem",
        "gikk",
        "gjekk",
        "gar",
        "gruer",
        "grur",
        "gruar",
        "trives",
        "trivst",
        "vil",
        "ville",
        "sa",
        "sier",
        "seier",
        "sitter",
        "sit",
        "sin",
        "si",
        "sine",
        "sitt",
        "skulker",
        "gjemmer",
        "gjemte",
        "goymer",
        "forlater",
        "forlot",
        "rommer",
        "stikker",
        "stakk",
        "mistrives",
        "nekter",
        "nektar",
        "kan",
        "skal",
        "ma",
        "sliter",
        "slit",
        "strever",
        "virker",
        "drar",
        "dro",
        "loper",
        "sprang",
        "springer",
        "forsvinner",
        "forsvant",
        "foler",
        "klarer",
        "orker",
        "gidder",
        "ser",
        "grater",
        "ligger",
        "bor",
        "trenger",
        "treng",
        "mangler",
        "liker",
        "fikk",
        "far",
        "fekk",
        "skulle",
        "matte",
        "burde",
    ]
)
# Words before a name that open a name slot: "saken til Ole", "status for Mia", "eleven Ole".
STRONG_SLOTS = frozenset(
    (
        "saken til",
        "saka til",
        "sak til",
        "saka at",
        "saken for",
        "saka for",
        "status for",
        "status til",
        "status pa",
    )
)
WEAK_SLOTS = frozenset(("for", "til", "med", "om", "at", "hos", "pa", "eleven", "eleva"))
GENITIVE_NEXT = frozenset(("sak", "saken", "saka", "fravar", "fravaret", "status", "frist"))


def _is_word(norm: str, lex: Lexicon) -> bool:
    """An ordinary word or a system name, never a first name."""
    if norm in lex.never_names or not norm.replace("-", "").isalpha():
        return True
    if norm in lex.first_names:
        return False
    return lex.is_vocabulary(norm) or norm in lex.months


def _display(word: str) -> str:
    parts = word.split("-")
    return "-".join(part[:1].upper() + part[1:] for part in parts)


def _strip_genitive(token: Token, following: Token | None, lex: Lexicon) -> str:
    """ "Oles sak" and "Ole's sak" name Ole; "Jonas" alone keeps its s."""
    word = token.orig
    if "'" in word:
        return word.split("'")[0]
    genitive = following is not None and following.norm in GENITIVE_NEXT
    if genitive and word.lower().endswith("s") and token.norm[:-1] in lex.first_names:
        return word[:-1]
    if _possessive(token.norm, lex):
        return word[:-1]  # «Oskars mor», «Ingvilds far»
    return word


def _possessive(norm: str, lex: Lexicon) -> bool:
    """A listed name with the genitive s ("oskars"), not a name ending in s ("jonas")."""
    return norm.endswith("s") and norm not in lex.first_names and norm[:-1] in lex.first_names


def _capitalised(token: Token) -> bool:
    word = token.orig
    return word[:1].isupper() and not (len(word) > 1 and word.isupper())


def _reads_as_verb(word: str) -> bool:
    """Present tense ends in -r ("drar", "gruer"), many past forms in -te/-de."""
    if word in SUBJECT_VERBS:
        return True
    return len(word) >= 4 and word.isalpha() and word.endswith(("r", "te", "de"))


def _slot_before(tokens: list[Token], index: int) -> tuple[bool, bool]:
    """(strong slot, weak slot) for the words just before tokens[index]."""
    one = tokens[index - 1].norm if index >= 1 else ""
    two = f"{tokens[index - 2].norm} {one}" if index >= 2 else ""
    return (one in STRONG_SLOTS or two in STRONG_SLOTS), one in WEAK_SLOTS


def _known(norm: str, following: str, lex: Lexicon) -> bool:
    """A listed first name, also in the genitive before "sak" ("Oles sak")."""
    if norm in lex.first_names or _possessive(norm, lex):
        return True
    return following in GENITIVE_NEXT and norm.endswith("s") and norm[:-1] in lex.first_names


def _accept(tokens: list[Token], index: int, lex: Lexicon) -> bool:
    token = tokens[index]
    norm = token.norm.split("'")[0]
    following = tokens[index + 1].norm if index + 1 < len(tokens) else ""
    known = _known(norm, following, lex)
    parts = norm.split("-")
    if not known and any(_is_word(part, lex) for part in parts):
        return False
    if len(norm) < 2 or any(part in lex.never_names for part in parts):
        return False
    strong, weak = _slot_before(tokens, index)
    if _capitalised(token):
        if not token.initial or known or strong:
            return True
        return _reads_as_verb(following)
    if known:
        return strong or weak or following in SUBJECT_VERBS or index == 0
    return strong


def could_be_name(text: str, lex: Lexicon) -> bool:
    """A bare answer to "which pupil?" that may be a first name: one word (or a hyphenated
    pair), letters only, not an answer word («ja», «nei»), a weekday, a month or an ordinary
    word, unless it is a listed first name."""
    words = text.split()
    if len(words) != 1 or not words[0].replace("-", "").isalpha():
        return False
    norm = fold(words[0])
    if norm in lex.first_names:
        return True
    return not any(_is_word(part, lex) for part in norm.split("-"))


def find_pupil(tokens: list[Token], lex: Lexicon) -> str | None:
    """The first token that reads as a pupil's first name, capitalised, or None."""
    for index in range(len(tokens)):
        if _accept(tokens, index, lex):
            following = tokens[index + 1] if index + 1 < len(tokens) else None
            return _display(_strip_genitive(tokens[index], following, lex))
    return None
