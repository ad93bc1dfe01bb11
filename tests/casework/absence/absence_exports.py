"""Absence exports written by the tests: one set of registrations, several schools' layouts.

Each layout spells headers, types, reasons, "documented" and dates its own way and is written
as xlsx (openpyxl) or csv; every layout must give the same picture. The figures the tests expect
are worked out by hand in test_absence_picture.py from the rows below.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

import openpyxl

from content.calendar import SchoolCalendar

# Nordbyen-like calendar: autumn holiday in week 40, a planning day in November.
CALENDAR_DATA = {
    "name": "Testskolen 2026–2027",
    "school_year": "2026-2027",
    "holidays": [{"name": "Høstferie", "start": date(2026, 9, 28), "end": date(2026, 10, 2)}],
    "free_days": [{"date": date(2026, 11, 13), "name": "Planleggingsdag"}],
}
CALENDAR = SchoolCalendar.from_mapping(CALENDAR_DATA)
CALENDAR_TOML = """name = "Testskolen 2026–2027"
school_year = "2026-2027"

[[holidays]]
name = "Høstferie"
start = 2026-09-28
end = 2026-10-02

[[free_days]]
date = 2026-11-13
name = "Planleggingsdag"
"""

# Abstract values, spelt by each layout.
DAY, LESSON, LATE, LEFT = "day", "lesson", "late", "left"
SICK, UNDOC, OTHER, CERT, LEAVE, TRAVEL = "sick", "undoc", "other", "cert", "leave", "travel"


@dataclass(frozen=True)
class Row:
    pupil: str  # "ola", "kari", "per", "lise": the layout writes the name
    group: str
    day: date
    lesson: str
    kind: str
    minutes: int | None
    documented: bool | None
    reason: str | None


def _ola(day: date, lesson: str, kind: str, minutes: int | None, documented, reason) -> Row:
    return Row("ola", "5B", day, lesson, kind, minutes, documented, reason)


D = date
OLA = [
    _ola(D(2026, 9, 2), "1", LATE, 10, None, None),
    _ola(D(2026, 9, 3), "1", LATE, 10, None, None),
    _ola(D(2026, 9, 4), "1", LATE, 10, None, None),
    _ola(D(2026, 9, 7), "", DAY, None, True, SICK),
    _ola(D(2026, 9, 8), "1", LATE, 10, None, None),
    _ola(D(2026, 9, 9), "2", LESSON, 45, False, None),
    _ola(D(2026, 9, 10), "1", LESSON, 45, True, SICK),
    _ola(D(2026, 9, 10), "2", LESSON, 45, True, SICK),
    _ola(D(2026, 9, 14), "", DAY, None, None, UNDOC),
    _ola(D(2026, 9, 15), "4", LESSON, 60, None, LEAVE),
    _ola(D(2026, 9, 25), "", DAY, None, True, SICK),
    _ola(D(2026, 10, 5), "", DAY, None, None, SICK),
    _ola(D(2026, 10, 6), "1", LATE, 5, None, None),
    _ola(D(2026, 10, 7), "1", LATE, 5, None, None),
    _ola(D(2026, 10, 8), "1", LATE, 15, None, LEAVE),
    _ola(D(2026, 10, 12), "", DAY, None, None, OTHER),
    _ola(D(2026, 10, 12), "3", LESSON, 45, None, None),
    _ola(D(2026, 10, 19), "", DAY, None, False, SICK),
    _ola(D(2026, 10, 21), "", DAY, None, None, CERT),
    _ola(D(2026, 10, 22), "", DAY, None, None, CERT),
    _ola(D(2026, 10, 23), "", DAY, None, None, CERT),
    _ola(D(2026, 10, 27), "", DAY, None, None, LEAVE),
    _ola(D(2026, 10, 28), "", DAY, None, None, TRAVEL),
    _ola(D(2026, 10, 29), "5", LEFT, 60, None, None),
]
OTHERS = [
    Row("kari", "5A", D(2026, 9, 8), "", DAY, None, True, SICK),
    Row("kari", "5A", D(2026, 9, 9), "", DAY, None, True, SICK),
    Row("kari", "5A", D(2026, 10, 14), "1", LATE, 5, None, None),
    Row("per", "6A", D(2026, 9, 21), "", DAY, None, None, SICK),
    Row("per", "6B", D(2026, 10, 26), "", DAY, None, None, SICK),
]
# Ten school days in November (the 13th is a planning day, so she is back on the 16th).
LISE_DAYS = [D(2026, 11, d) for d in (2, 3, 4, 5, 6, 9, 10, 11, 12, 16)]
LISE = [Row("lise", "7A", day, "", DAY, None, None, SICK) for day in LISE_DAYS]
SCHOOL = OLA + OTHERS


@dataclass(frozen=True)
class Layout:
    id: str
    headers: Sequence[str]
    names: dict[str, str]
    kinds: dict[str, str]
    reasons: dict[str, str]
    documented: dict[bool | None, str]
    date: Callable[[int, date], object]
    lesson: Callable[[str], object] = str
    title: str | None = None
    kind: str = "csv"  # csv or xlsx
    delimiter: str = ";"
    encoding: str = "utf-8"

    def cells(self, row: Row, number: int) -> list[object]:
        return [
            self.names[row.pupil],
            row.group,
            self.date(number, row.day),
            self.lesson(row.lesson) if row.lesson else "",
            self.kinds[row.kind],
            "" if row.minutes is None else row.minutes,
            self.documented[row.documented],
            self.reasons[row.reason] if row.reason else "",
        ]

    def write(self, rows: Sequence[Row]) -> bytes:
        table = [list(self.headers)] + [self.cells(r, n) for n, r in enumerate(rows)]
        if self.title:
            table.insert(0, [self.title])
        return xlsx(table) if self.kind == "xlsx" else delimited(table, self, self.encoding)


def xlsx(table: Sequence[Sequence[object]]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for cells in table:
        sheet.append([None if cell == "" else cell for cell in cells])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def delimited(table: Sequence[Sequence[object]], layout: Layout, encoding: str) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=layout.delimiter, lineterminator="\r\n").writerows(table)
    return buffer.getvalue().encode(encoding)


NAMES = {"ola": "Ola Nordmann", "kari": "Kari Hansen", "per": "Per Olsen", "lise": "Lise Berg"}
NORWEGIAN_REASONS = {
    SICK: "Sykdom",
    UNDOC: "Udokumentert",
    OTHER: "Annet (spesifiser i melding til kontaktlærer)",
    CERT: "Egenmelding",
    LEAVE: "Permisjon",
    TRAVEL: "Reise",
}

LAYOUTS = [
    Layout(
        id="csv-semicolon-norwegian",
        headers=(
            "Elev",
            "Klasse",
            "Dato",
            "Time",
            "Fraværstype",
            "Minutter",
            "Dokumentert",
            "Årsak",
        ),
        names=NAMES,
        kinds={DAY: "Dagsfravær", LESSON: "Timefravær", LATE: "For sent", LEFT: "Gikk tidlig"},
        reasons=NORWEGIAN_REASONS,
        documented={True: "Ja", False: "Nei", None: ""},
        date=lambda _, day: day.strftime("%d.%m.%Y"),
    ),
    Layout(
        id="xlsx-english-date-cells",
        headers=("Pupil", "Group", "Date", "Lesson", "Type", "Minutes", "Documented", "Reason"),
        names=NAMES,
        kinds={DAY: "Day", LESSON: "Lesson", LATE: "Late", LEFT: "Left early"},
        reasons={
            SICK: "Sickness",
            UNDOC: "Undocumented",
            OTHER: "Other",
            CERT: "Self-certified",
            LEAVE: "Leave",
            TRAVEL: "Travel",
        },
        documented={True: "Yes", False: "No", None: ""},
        date=lambda _, day: day,
        lesson=int,
        kind="xlsx",
    ),
    Layout(
        id="csv-comma-iso-bom-title-row",
        headers=(
            "ELEVNAVN",
            "Basisgruppe",
            "dato",
            "Fra kl.",
            "Fraværsart",
            "Min",
            "dokumentert",
            "Fraværskode",
        ),
        names={
            "ola": "Nordmann, Ola",
            "kari": "Hansen, Kari",
            "per": "Olsen, Per",
            "lise": "Berg, Lise",
        },
        kinds={DAY: "Heldag", LESSON: "Time", LATE: "Forsinket", LEFT: "Dro tidlig"},
        reasons={
            SICK: "Syk",
            UNDOC: "Ikke dokumentert",
            OTHER: "Annet",
            CERT: "Legeerklæring",
            LEAVE: "Innvilget permisjon",
            TRAVEL: "Ferie",
        },
        documented={True: "Dokumentert", False: "Ikke dokumentert", None: ""},
        date=lambda _, day: day.isoformat(),
        lesson=lambda lesson: f"{7 + int(lesson)}:30",
        title="Fraværsoversikt Testskolen",
        delimiter=",",
        encoding="utf-8-sig",
    ),
    Layout(
        id="csv-cp1252-short-dates-folded-headers",
        headers=("Navn", "Gruppe", "Dato", "Økt", "Fravaerstype", "Min.", "Dokumentert", "Arsak"),
        names={k: v.upper() for k, v in NAMES.items()},
        kinds={DAY: "dag", LESSON: "økt", LATE: "sen", LEFT: "gikk tidlig"},
        reasons={
            SICK: "sykdom",
            UNDOC: "udokumentert fravær",
            OTHER: "annet",
            CERT: "egenmelding",
            LEAVE: "permisjon",
            TRAVEL: "reise",
        },
        documented={True: "J", False: "N", None: ""},
        # 2.9.26 and 2/9/2026 in turn.
        date=lambda n, day: (
            f"{day.day}.{day.month}.{day.year % 100}"
            if n % 2
            else f"{day.day}/{day.month}/{day.year}"
        ),
        encoding="cp1252",
    ),
]
BY_ID = {layout.id: layout for layout in LAYOUTS}
SEMICOLON = BY_ID["csv-semicolon-norwegian"]
