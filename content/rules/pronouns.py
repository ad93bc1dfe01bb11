"""Which pronoun the guide's message home (2.3) uses for the pupil: the guide's example says
«hans trivsel» and «han sier at han», and the text goes to the parents, so it must follow the
pupil. Taken from what the teacher wrote (hun/ho/henne → hun, han/ham → han; both or neither:
unknown), or asked once; unknown means name-only phrasing («Olas trivsel»)."""

from __future__ import annotations

from content.rules.unsafe_environment import normalise

SHE = frozenset({"hun", "ho", "henne", "hennes", "hennar"})
HE = frozenset({"han", "ham", "hans"})
PRONOUNS = ("hun", "han")
NAME_ONLY = "name"


def pronoun_in(text: str) -> str | None:
    words = set(normalise(text).split())
    she, he = bool(words & SHE), bool(words & HE)
    if she == he:
        return None
    return "hun" if she else "han"


def pronoun_answer(text: str) -> str | None:
    """An answer to «hun eller han?»: a pronoun, a word for girl or boy, or «bare navnet»."""
    words = set(normalise(text).split())
    if words & {"navn", "navnet", "namn", "namnet", "name", "only"}:
        return NAME_ONLY
    if words & (SHE | {"jente", "jenta", "girl", "she"}):
        return "hun"
    if words & (HE | {"gutt", "gutten", "boy", "he"}):
        return "han"
    return None


def pronoun_values(pupil: str, pronoun: str | None) -> dict[str, str]:
    """The 2.3 template's pronoun placeholders for this pupil."""
    if pronoun == "hun":
        return {"hans": "hennes", "han": "hun", "han_igjen": "hun"}
    if pronoun == "han":
        return {"hans": "hans", "han": "han", "han_igjen": "han"}
    genitive = f"{pupil}'" if pupil.endswith(("s", "x", "z")) else f"{pupil}s"
    return {"hans": genitive, "han": pupil, "han_igjen": pupil}
