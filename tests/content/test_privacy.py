"""National id numbers are spotted by their check digits; health words by a bokmål/nynorsk list."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from content.export_text import export_as_text
from content.privacy import health_details_in, is_national_id, national_id_in

# Worked by hand for the first: 0·3+1·7+0·6+1·1+9·8+0·9+1·4+0·5+0·2 = 84, 84 mod 11 = 7, k1 = 4;
# then 0·5+1·4+0·3+1·2+9·7+0·6+1·5+0·4+0·3+4·2 = 82, 82 mod 11 = 5, k2 = 6.
VALID = [
    "01019010046",  # fødselsnummer, 1 January 1990
    "15061210110",
    "31129910065",
    "29020810074",
    "41019010110",  # D-nummer: day + 40
    "01819010001",  # synthetic test number: month + 80
]


def _with_check_digits(nine: str) -> str | None:
    """An independent spelling of the mod-11 rule, to build valid numbers for property tests."""
    digits = [int(c) for c in nine]
    first = 11 - sum(d * w for d, w in zip(digits, [3, 7, 6, 1, 8, 9, 4, 5, 2], strict=True)) % 11
    first = 0 if first == 11 else first
    if first == 10:
        return None
    digits.append(first)
    second = (
        11 - sum(d * w for d, w in zip(digits, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2], strict=True)) % 11
    )
    second = 0 if second == 11 else second
    return None if second == 10 else nine + str(first) + str(second)


@pytest.mark.parametrize("number", VALID)
def test_valid_numbers_are_recognised_in_text(number: str) -> None:
    assert is_national_id(number)
    assert national_id_in(f"Eleven har fnr {number}, kan du registrere?")
    assert national_id_in(f"{number[:6]} {number[6:]}")


@pytest.mark.parametrize(
    "text",
    [
        "Ring meg på 91234567",  # a phone number: 8 digits
        "01019010047",  # last check digit wrong
        "01019010056",  # first check digit wrong
        "010190100466",  # 12 digits: not a national id
        "901019010046",  # an id inside a longer number is not one
        "32019010046",  # no 32nd day (check digits aside)
        "01139010046",  # no 13th month
        "Fravær 12 dager av 190, 11 timer",
        "kontonummer 1234 56 78903",
        "",
    ],
)
def test_near_misses_are_not_national_ids(text: str) -> None:
    assert not national_id_in(text)


@given(
    day=st.integers(1, 28),
    month=st.integers(1, 12),
    rest=st.integers(0, 99999),
    position=st.integers(0, 10),
    delta=st.integers(1, 9),
)
def test_any_single_digit_change_breaks_a_valid_number(
    day: int, month: int, rest: int, position: int, delta: int
) -> None:
    number = _with_check_digits(f"{day:02d}{month:02d}{rest:05d}")
    if number is None:
        return
    assert is_national_id(number)
    changed = str((int(number[position]) + delta) % 10)
    mutated = number[:position] + changed + number[position + 1 :]
    assert not is_national_id(mutated)


@pytest.mark.parametrize(
    "text",
    [
        "Han har fått diagnosen ADHD",
        "Hun venter på BUP-utredning",
        "mor sier han har angst for å gå på skolen",
        "Eleven er under utgreiing for autisme",
        "Hun går til skolepsykologen hver uke",
        "Var innlagt på sykehuset i tre dager",
        "Ho var på sjukehuset",
        "Han tar medisiner for epilepsi",
        "mistanke om spiseforstyrrelse",
        "det har vore sjølvskading",
        "det har vært selvskading",
        "depresjon hos eleven",
        "Har time hos legen på tirsdag",
        "PSYKOLOG",
        "Legeerklæring levert",
        "legeerklaering levert",
    ],
)
def test_health_details_are_spotted(text: str) -> None:
    assert health_details_in(text)


@pytest.mark.parametrize(
    "text",
    [
        "Eleven var syk",
        "Ho var sjuk i tre dagar",
        "Sykdom, mor ringte",
        "sjukdom",
        "Far sier hun har vondt i magen om morgenen",
        "bruker mye krefter på leksene",
        "fangst og fiske på tur",
        "et trygt psykososialt skolemiljø",
        "Ble mobbet i friminuttet",
        "",
        # the services the guide tells staff to involve (issue 14)
        "Miljøterapeut og fysioterapeut kobles på",
        "Tverrfaglig samarbeid med PPT, BUP, ergo/fysio, psykisk helse",
        "Vi drøfter om BUP skal kobles inn",
        "ergoterapitjenesten og helsesykepleier",
    ],
)
def test_ordinary_absence_reasons_are_not_health_details(text: str) -> None:
    assert not health_details_in(text)


def test_export_as_text_names_every_record() -> None:
    export = {
        "tenant_id": "t",
        "pupil_name": "Ada",
        "group_name": "5B",
        "cases": [
            {
                "id": 7,
                "status": "closed",
                "level": 2,
                "owner_name": "Kari Lærer",
                "opened_at": "2026-09-01T08:00:00+00:00",
                "closed_at": "2026-12-01T08:00:00+00:00",
                "criteria": ["ten_percent"],
                "unsafe_environment": False,
                "members": [{"aad_object_id": "x", "display_name": "Per Rådgiver"}],
                "log_entries": [
                    {
                        "kind": "absence_log",
                        "contact_date": "2026-09-02",
                        "reason": "Vondt i magen",
                        "guardians_view": "Mor er bekymret",
                        "next_steps": "Ny samtale",
                        "level": 1,
                        "author": "Kari Lærer",
                    }
                ],
                "deadlines": [{"kind": "contact_guardians", "due_at": "2026-09-03T13:00:00+00:00"}],
                "measures": [{"description": "Fast voksen om morgenen", "responsible": "Kari"}],
                "agreements": [
                    {
                        "status": "draft",
                        "main_goal": "Møte hver dag",
                        "goals": [{"goal": "Komme kl. 8", "responsible": "Ada"}],
                    }
                ],
            }
        ],
    }
    text = export_as_text(export)
    for expected in (
        "Ada",
        "5B",
        "Per Rådgiver",
        "Vondt i magen",
        "Mor er bekymret",
        "Ny samtale",
        "Fast voksen om morgenen",
        "Møte hver dag",
        "Komme kl. 8",
        "2. september 2026",
        "3. september 2026 15:00",  # 13:00 UTC is 15:00 in Oslo in September
    ):
        assert expected in text
    assert "absence_log" not in text and "contact_guardians" not in text
    assert export_as_text(export, language="nn") != text


def test_export_as_text_of_nothing_says_so() -> None:
    text = export_as_text({"pupil_name": "Ola", "group_name": "3A", "cases": []})
    assert "Ola" in text and "Sak" not in text
