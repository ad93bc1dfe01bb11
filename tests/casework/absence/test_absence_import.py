"""Reading exports: layouts, a school's own columns, pasted rows, and every kind of bad input.

Messages are checked through the catalogs (the key and the values that fill it), never by
copying Norwegian sentences here.
"""

from __future__ import annotations

import io
import logging
import zipfile
from datetime import date
from pathlib import Path

import pytest
from absence_exports import CALENDAR, OLA, SCHOOL, SEMICOLON, xlsx

from casework.absence import (
    AbsenceExport,
    AbsenceSummary,
    ColumnMapping,
    ErrorCode,
    ImportProblem,
    Kind,
    NoticeCode,
    Reason,
    read_pasted,
    read_upload,
    summarise_export,
    summarise_upload,
)
from casework.absence.problems import AbsenceImportError
from casework.absence.reader import MAX_BYTES, MAX_ROWS
from content.i18n import Translator

TODAY = date(2026, 12, 2)
HEADER = "Elev;Klasse;Dato;Fraværstype;Årsak"


def _problem(result: object) -> ImportProblem:
    assert isinstance(result, ImportProblem), result
    assert result.message()  # renders in bokmål without a missing key or placeholder
    assert "{" not in result.message(Translator("en"))
    return result


def _export(result: object) -> AbsenceExport:
    assert isinstance(result, AbsenceExport), result
    return result


def test_an_unknown_layout_names_the_columns_found_and_expected() -> None:
    data = "Fornavn;Etternavn;Når;Hva\nOla;Nordmann;02.12.2026;Syk\n".encode()
    problem = _problem(read_upload(data, "eksport.csv", today=TODAY))
    assert problem.code is ErrorCode.UNKNOWN_COLUMNS
    assert problem.values["found"] == ("Fornavn", "Etternavn", "Når", "Hva")
    assert problem.values["missing"] == ("pupil", "date")
    message = problem.message()
    for header in ("«Fornavn»", "«Etternavn»", "«Når»", "«Hva»", "«Elev»", "«Dato»"):
        assert header in message
    translate = Translator("nb")
    for field in ("pupil", "group", "date", "type", "minutes", "documented", "code"):
        assert translate(f"absence.field.{field}") in message


def test_one_required_column_missing_is_named() -> None:
    problem = _problem(read_upload(b"Elev;Klasse\nOla;5B\n", "x.csv", today=TODAY))
    assert problem.code is ErrorCode.UNKNOWN_COLUMNS
    assert problem.values["missing"] == ("date",)


def test_a_schools_own_columns_file_maps_its_headers_and_codes(tmp_path: Path) -> None:
    mapping_file = tmp_path / "kolonner.toml"
    mapping_file.write_text(
        '[columns]\npupil = "Barnets navn"\ndate = ["Når", "Dag"]\ncode = "Hvorfor"\n'
        '[types]\nH = "day"\nT = "lesson"\n[reasons]\nS = "sickness"\nP = "leave"\n',
        encoding="utf-8",
    )
    mapping = ColumnMapping.from_toml(mapping_file)
    data = "Barnets navn;Når;Type;Hvorfor\nOla;02.12.2026;H;S\nOla;03.12.2026;T;P\n".encode()
    export = _export(read_upload(data, "x.csv", today=TODAY, mapping=mapping))
    assert [(r.day, r.kind, r.reason) for r in export.registrations] == [
        (date(2026, 12, 2), Kind.DAY, Reason.SICKNESS),
        (date(2026, 12, 3), Kind.LESSON, Reason.LEAVE),
    ]


@pytest.mark.parametrize(
    "content",
    [
        '[columns]\npupil = "Navn"\nwhen = "Dato"\n',  # not a field
        "[columns]\npupil = 3\n",  # not a header
        '[types]\nH = "heldag"\n',  # not a kind
        '[colums]\npupil = "Navn"\n',  # typo in a section
        'pupil = "Navn',  # not TOML
    ],
)
def test_a_bad_columns_file_is_refused_with_its_name(tmp_path: Path, content: str) -> None:
    path = tmp_path / "kolonner.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(AbsenceImportError) as refused:
        ColumnMapping.from_toml(path)
    assert refused.value.problem.code is ErrorCode.MAPPING_FILE
    assert str(path) in _problem(refused.value.problem).message()


@pytest.mark.parametrize(
    "text",
    [
        "Elev\tKlasse\tDato\tType\nOla Nordmann\t5B\t02.12.2026\tDagsfravær\n"
        "Ola Nordmann\t5B\t03.12.2026\tFor sent\n",
        # A chat may turn the tabs into runs of spaces.
        "Elev     Klasse   Dato         Type\nOla Nordmann   5B   02.12.2026   Dagsfravær\n"
        "Ola Nordmann   5B   03.12.2026   For sent\n",
        "Elev;Klasse;Dato;Type\nOla Nordmann;5B;2.12.26;dag\nOla Nordmann;5B;2026-12-03;sen\n",
    ],
    ids=["tabs", "spaces", "semicolons"],
)
def test_pasted_rows_are_read_like_a_file(text: str) -> None:
    export = _export(read_pasted(text, today=TODAY))
    assert [(r.day, r.kind, r.group_key) for r in export.registrations] == [
        (date(2026, 12, 2), Kind.DAY, "5b"),
        (date(2026, 12, 3), Kind.LATE, "5b"),
    ]
    assert export.names == {"nordmann ola": "Ola Nordmann"}


def test_without_a_type_column_rows_are_days_or_lessons() -> None:
    text = "Elev;Dato;Time;Minutter\nOla;02.12.2026;;\nOla;03.12.2026;2;45\nOla;04.12.2026;;30\n"
    export = _export(read_pasted(text, today=TODAY))
    assert [r.kind for r in export.registrations] == [Kind.DAY, Kind.LESSON, Kind.LESSON]


def _zip(name: str, content: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, content)
    return buffer.getvalue()


# An encrypted OOXML workbook: an OLE2 compound file whose directory names these streams.
ENCRYPTED = (
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    + bytes(504)
    + "EncryptionInfo".encode("utf-16-le")
    + bytes(50)
    + "EncryptedPackage".encode("utf-16-le")
    + bytes(1000)
)
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + bytes(200)
RANDOM = bytes((n * 7919 + 13) % 256 for n in range(4096))


@pytest.mark.parametrize(
    ("data", "filename", "code"),
    [
        (RANDOM, "fravaer.xlsx", ErrorCode.NOT_SPREADSHEET),
        (PDF, "fravaer.pdf", ErrorCode.NOT_SPREADSHEET),
        (PNG, "skjermbilde.png", ErrorCode.NOT_SPREADSHEET),
        (_zip("word/document.xml", b"<w:document/>"), "brev.docx", ErrorCode.NOT_SPREADSHEET),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000),
            "gammel.xls",
            ErrorCode.NOT_SPREADSHEET,
        ),
        (ENCRYPTED, "fravaer.xlsx", ErrorCode.PASSWORD_PROTECTED),
        (b"", "tom.csv", ErrorCode.EMPTY),
        (b"\r\n  \n", "tom.csv", ErrorCode.EMPTY),
        (xlsx([]), "tom.xlsx", ErrorCode.EMPTY),
        (f"{HEADER}\n".encode(), "bare-overskrift.csv", ErrorCode.HEADER_ONLY),
        (f"{HEADER}\n;;;;\n".encode(), "bare-overskrift.csv", ErrorCode.HEADER_ONLY),
        (xlsx([HEADER.split(";")]), "bare-overskrift.xlsx", ErrorCode.HEADER_ONLY),
        (b"x" * (MAX_BYTES + 1), "stor.csv", ErrorCode.TOO_LARGE),
        (
            f"{HEADER}\nOla;5B;1.1.1999;dag;syk\nOla;5B;1.1.2099;dag;syk\n".encode(),
            "x.csv",
            ErrorCode.NO_VALID_ROWS,
        ),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_bad_input_is_a_clear_problem(data: bytes, filename: str, code: ErrorCode) -> None:
    problem = _problem(summarise_upload(data, filename, CALENDAR, today=TODAY))
    assert problem.code is code
    if code in (ErrorCode.NOT_SPREADSHEET, ErrorCode.PASSWORD_PROTECTED):
        assert f"«{filename}»" in problem.message()


def test_more_rows_than_the_limit_are_refused_and_a_hundred_thousand_are_read() -> None:
    row = "Ola;5B;02.12.2026;dag;syk\n"
    too_many = (HEADER + "\n" + row * (MAX_ROWS + 1)).encode()
    problem = _problem(read_upload(too_many, "x.csv", today=TODAY))
    assert (problem.code, problem.values["limit"]) == (ErrorCode.TOO_MANY_ROWS, MAX_ROWS)
    export = _export(read_upload((HEADER + "\n" + row * 100_000).encode(), "x.csv", today=TODAY))
    assert len(export.registrations) == 100_000


def test_dates_out_of_range_are_skipped_and_reported() -> None:
    rows = [
        "Ola;5B;02.12.2026;dag;syk",
        "Ola;5B;31.12.1999;dag;syk",  # before 2000
        "Ola;5B;03.12.2027;dag;syk",  # more than a year after today
        "Ola;5B;02.12.2027;dag;syk",  # a year after today: still read (planned leave)
        "Ola;5B;31.02.2026;dag;syk",  # no such day
        ";5B;03.12.2026;dag;syk",  # no pupil
        "Ola;5B;03.12.2026;aktivitetsdag;",  # a type nobody knows
    ]
    export = _export(read_upload("\n".join([HEADER, *rows]).encode(), "x.csv", today=TODAY))
    assert [r.day for r in export.registrations] == [date(2026, 12, 2), date(2027, 12, 2)]
    notices = {n.code: dict(n.values) for n in export.notices}
    assert notices[NoticeCode.DATES_OUT_OF_RANGE] == {
        "count": 2,
        "rows": (3, 4),
        "earliest": date(2000, 1, 1),
        "latest": date(2027, 12, 2),
    }
    assert notices[NoticeCode.UNREADABLE_DATES] == {"count": 1, "rows": (6,)}
    assert notices[NoticeCode.MISSING_PUPIL] == {"count": 1, "rows": (7,)}
    assert notices[NoticeCode.UNKNOWN_TYPES] == {"count": 1, "values": ("aktivitetsdag",)}
    for notice in export.notices:
        _problem(notice)


def test_a_pupil_in_two_classes_is_reported_and_never_merged() -> None:
    export = _export(read_upload(SEMICOLON.write(SCHOOL), "x.csv", today=TODAY))
    problem = _problem(summarise_export(export, CALENDAR, pupil="Per Olsen"))
    assert problem.code is ErrorCode.PUPIL_IN_TWO_GROUPS
    assert problem.values["groups"] == ("6A", "6B")
    assert "«6A», «6B»" in problem.message()
    one = summarise_export(export, CALENDAR, pupil="olsen, per", group="6b")
    assert isinstance(one, AbsenceSummary)
    assert [(p.name, p.group, p.absence_days) for p in one.pupils] == [("Per Olsen", "6B", 1)]
    # Asking for one pupil shows no notices about others.
    ola = summarise_export(export, CALENDAR, pupil="Ola Nordmann")
    assert isinstance(ola, AbsenceSummary) and ola.notices == ()


@pytest.mark.parametrize(
    ("choice", "code"),
    [
        ({"pupil": "Nils Nilsen"}, ErrorCode.PUPIL_NOT_FOUND),
        ({"group": "9C"}, ErrorCode.GROUP_NOT_FOUND),
        ({"pupil": "Ola Nordmann", "group": "5A"}, ErrorCode.PUPIL_NOT_FOUND),
        ({"start": date(2026, 10, 1), "end": date(2026, 9, 1)}, ErrorCode.BAD_PERIOD),
    ],
)
def test_a_choice_the_file_cannot_answer(choice: dict[str, object], code: ErrorCode) -> None:
    export = _export(read_upload(SEMICOLON.write(SCHOOL), "x.csv", today=TODAY))
    assert _problem(summarise_export(export, CALENDAR, **choice)).code is code  # type: ignore[arg-type]


def test_registrations_on_days_without_school_are_counted_and_noted() -> None:
    text = f"{HEADER}\nOla;5B;29.09.2026;dag;syk\nOla;5B;05.10.2026;dag;syk\n"
    summary = summarise_upload(text.encode(), "x.csv", CALENDAR, today=TODAY)
    assert isinstance(summary, AbsenceSummary)
    assert summary.pupils[0].absence_days == 2  # the school registered it: the calendar may lag
    assert [(n.code, dict(n.values)) for n in summary.notices] == [
        (NoticeCode.NOT_SCHOOL_DAYS, {"count": 1})
    ]


def test_the_log_gets_counts_and_codes_never_names_or_cells(caplog) -> None:
    caplog.set_level(logging.DEBUG)
    read_upload(SEMICOLON.write(SCHOOL), "Ola Nordmann fravær.csv", today=TODAY)
    read_upload(b"Fornavn;Hemmelig\nOla;x\n", "Ola.csv", today=TODAY)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "registrations=29" in logged and "unknown_columns" in logged
    for secret in ("Ola", "Nordmann", "Olsen", "Hemmelig", "Fornavn", "5B", "Sykdom"):
        assert secret not in logged


def test_the_test_exports_hold_what_the_figures_assume() -> None:
    assert len(OLA) == 24 and len(SCHOOL) == 29
