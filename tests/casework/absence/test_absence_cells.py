"""Dates, minutes, headers and words as schools write them."""

from __future__ import annotations

import codecs
from datetime import date, datetime

import pytest

from casework.absence import AbsenceExport, Field, Kind, Reason, read_upload
from casework.absence.cells import parse_date, parse_minutes
from casework.absence.columns import recognise
from casework.absence.words import read_cell


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("02.12.2026", date(2026, 12, 2)),
        ("2.12.26", date(2026, 12, 2)),
        ("2/12/2026", date(2026, 12, 2)),
        ("2-12-2026", date(2026, 12, 2)),
        ("2026-12-02", date(2026, 12, 2)),
        ("2026-12-02T08:15:00", date(2026, 12, 2)),
        ("02.12.2026 08:15", date(2026, 12, 2)),
        ("ma 2.12.26", date(2026, 12, 2)),
        ("Onsdag 02.12.2026", date(2026, 12, 2)),
        (datetime(2026, 12, 2, 8, 15), date(2026, 12, 2)),
        (date(2026, 12, 2), date(2026, 12, 2)),
        (46358.0, date(2026, 12, 2)),  # an Excel serial number in an unformatted cell
        ("31.02.2026", None),
        ("2.12", None),
        ("i går", None),
        ("", None),
        (None, None),
        (True, None),
    ],
)
def test_dates(cell: object, expected: date | None) -> None:
    assert parse_date(cell) == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [(45, 45), (45.0, 45), ("45", 45), ("45 min", 45), ("1,5", 2), ("0:45", 45),
     ("1:30", 90), ("", None), (None, None), ("mye", None)],
)  # fmt: skip
def test_minutes(cell: object, expected: int | None) -> None:
    assert parse_minutes(cell) == expected


def test_headers_ignore_case_accents_and_the_spelling_of_aeoa() -> None:
    headers = ["NAVN", "klasse", "Dato", "Fra kl", "Fråværstype", "MIN.", "Dokumentert", "Aarsak"]
    assert recognise(headers) == {
        Field.PUPIL: 0, Field.GROUP: 1, Field.DATE: 2, Field.START: 3, Field.TYPE: 4,
        Field.MINUTES: 5, Field.DOCUMENTED: 6, Field.CODE: 7,
    }  # fmt: skip
    assert recognise(["Fravarstype", "Fravaerstype", "Arsak"]) == {Field.TYPE: 0, Field.CODE: 2}
    # Earlier names win whatever the column order: «Årsak» over «Merknad».
    assert recognise(["Merknad", "Elev", "Årsak"])[Field.CODE] == 2


@pytest.mark.parametrize(
    ("cell", "kind", "reason", "documented"),
    [
        ("Ikke dokumentert", None, Reason.UNDOCUMENTED, False),
        ("Sykdom – egenmelding", None, Reason.SICKNESS, True),
        ("Kom for sent til timen", Kind.LATE, None, None),
        ("Timefravær", Kind.LESSON, None, None),
        ("Innvilget permisjon", None, Reason.LEAVE, True),
        ("Tannlege", None, Reason.APPOINTMENT, None),
        ("Annet (spesifiser i melding til kontaktlærer)", None, Reason.OTHER, None),
        ("Gjekk tidleg", Kind.LEFT_EARLY, None, None),
    ],
)
def test_words(
    cell: str, kind: Kind | None, reason: Reason | None, documented: bool | None
) -> None:
    reading = read_cell(cell)
    assert (reading.kind, reading.reason, reading.documented, reading.understood) == (
        kind, reason, documented, True,
    )  # fmt: skip


def test_a_utf16_text_export_as_excel_saves_unicode_text() -> None:
    text = "Elev\tDato\tFraværstype\r\nÅse Øren\t02.12.2026\tDagsfravær\r\n"
    export = read_upload(
        codecs.BOM_UTF16_LE + text.encode("utf-16-le"), "x.txt", today=date(2026, 12, 2)
    )
    assert isinstance(export, AbsenceExport)
    assert list(export.names.values()) == ["Åse Øren"]
    assert export.registrations[0].kind is Kind.DAY
