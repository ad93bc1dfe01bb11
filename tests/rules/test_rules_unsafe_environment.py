import pytest

from content.rules.unsafe_environment import normalise, suggests_unsafe_environment


@pytest.mark.parametrize(
    "text",
    [
        "Hun sier hun blir mobbet i friminuttene",
        "Det har vært mye mobbing i klassen",
        "Han blir plaget av noen på 7. trinn",
        "Hun føler seg utestengt",
        "Han blir holdt utenfor når de spiller fotball",
        "Hun blir ertet for klærne sine",
        "Han er blitt trakassert på Snapchat",
        "Han ble slått på skoleveien",
        "Hun føler seg krenket av en lærer",
        "Han sier han har ingen å være med",
        # nynorsk
        "Ho seier ho blir mobba",
        "Han vert plaga av dei eldre elevane",
        "Ho blir halden utanfor i gruppa",
        "Han kjenner seg utestengd",
        "Ho har ingen å vere med i friminutta",
        # without æ, ø, å, and in capitals
        "han har ingen a vaere med",
        "han har ingen aa vaere med",
        "Han ble slatt",
        "han ble slaatt i gangen",
        "HUN BLIR MOBBET",
    ],
)
def test_signs_of_an_unsafe_environment(text: str) -> None:
    assert suggests_unsafe_environment(text)


@pytest.mark.parametrize(
    "text",
    [
        "Han har vært syk med feber siden mandag",
        "Hun var hos tannlegen",
        "Familien var på reise til Spania",
        "Hun har plager med magen om morgenen",
        "Ho har vore sjuk heile veka",
        "Han sov for lenge og kom for sent",
        "Det er vanskelig å få ham opp om morgenen",
        "",
    ],
)
def test_ordinary_sentences(text: str) -> None:
    assert not suggests_unsafe_environment(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Slått!", "slatt"), ("SLAATT", "slatt"), ("  være   med ", "vaere med"), ("Bjørn", "bjorn")],
)
def test_normalise(text: str, expected: str) -> None:
    assert normalise(text) == expected
