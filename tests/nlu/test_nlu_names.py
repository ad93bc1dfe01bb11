"""Pupil names: capitalised ordinary words are not names; names typed in lower case are."""

import pytest

from content.nlu import Recognizer, recognize


@pytest.mark.parametrize(
    "text",
    [
        "Eleven har vært borte fire dager",
        "Mandag var eleven borte",
        "Fredag kom eleven for sent igjen",
        "I januar skal vi ha sosiogram",
        "Desember: hva står i årshjulet",
        "Mai har vært borte",
        "Visma varsler høyt fravær for eleven",
        "PPT er koblet inn i saken",
        "BUP har kontakt med familien",
        "Teams varslet meg om fravær",
        "Hun har vært borte i to dager",
        "Gutten i 5A kommer for sent",
        "Foreldrene sliter med å få eleven ut døra",
        "Annet-koden er brukt tre dager",
        "Eleven sier hun ikke trives",
        "Ledelsen vil ha status på saken",
        "Kontaktlæreren ringte hjem i dag",
        "Vis åpne saker",
    ],
)
def test_ordinary_capitalised_words_are_not_pupils(text: str) -> None:
    assert "pupil" not in recognize(text).entities


@pytest.mark.parametrize(
    ("text", "pupil"),
    [
        ("avslutt saken til ole", "Ole"),
        ("status på saka til tiril", "Tiril"),
        ("Ole har vært borte tre dager", "Ole"),
        ("ola har vært borte to dager", "Ola"),
        ("Anne-Lise har vært borte tre dager", "Anne-Lise"),
        ("anne-lise kom for sent i dag", "Anne-Lise"),
        ("På mandag var Jonas borte", "Jonas"),
        ("Oles sak: neste frist?", "Ole"),
        ("lukk Aksel sin sak", "Aksel"),
        ("Zyanna har vært borte tre dager", "Zyanna"),
        ("status for Zyanna", "Zyanna"),
        ("saken til zyanna, hva er status", "Zyanna"),
    ],
)
def test_first_names_are_found_and_capitalised(text: str, pupil: str) -> None:
    assert recognize(text).entities.get("pupil") == pupil


def test_recognition_json_leaves_out_absent_entities() -> None:
    result = Recognizer().recognize("hjelp")
    assert result.to_json() == {"intent": "help", "entities": {}}
    assert None not in recognize("eleven har vært borte 5 dager").to_json()["entities"].values()


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("vis saker i 5b", "5B"),
        ("saker på 5. trinn", "5"),
        ("saker på 5.trinn", "5"),
        ("saker på femte trinn", "5"),
        ("saker i klasse 6a", "6A"),
        ("oversikt over 10. klasse", "10"),
    ],
)
def test_groups_are_normalised(text: str, group: str) -> None:
    assert recognize(text).entities.get("group") == group


@pytest.mark.parametrize(
    ("text", "pupil"),
    [
        ("Oskars mor ringte i dag", "Oskar"),
        ("Ingvilds far sier hun gruer seg til skolen", "Ingvild"),
        ("mor til nikolai ringte og sa han er syk", "Nikolai"),
        ("i 5B har Signy vært borte tre dager", "Signy"),
        ("en elev i 5B, Tormod, har vært borte fire dager", "Tormod"),
        ("jeg er bekymret for Mathilde", "Mathilde"),
        ("send fraværsmeldingen til Ingvild", "Ingvild"),
        ("vis malen for Oskar", "Oskar"),
        ("torstein har vært borte tre dager", "Torstein"),
        ("Hvordan går det med Eskild", "Eskild"),
    ],
)
def test_names_after_slots_in_possessives_and_from_the_name_statistics(
    text: str, pupil: str
) -> None:
    assert recognize(text).entities.get("pupil") == pupil


@pytest.mark.parametrize(
    "text",
    [
        "Nei",
        "ja",
        "Tirsdag",
        "mars",
        "Takk",
        "Skolen ringte",
        "Helsesykepleier er koblet på i saken",
        "jeg er bekymret for Fraværet",
        "Hvordan går det med Tiltakene",
    ],
)
def test_answers_and_ordinary_words_are_never_a_name(text: str) -> None:
    recognizer = Recognizer()
    assert "pupil" not in recognizer.recognize(text).entities
    assert not recognizer.could_be_name(text.strip())
