"""Rows of an export to registrations: one pupil, one date, one kind of absence each.

A row that cannot be used is skipped and counted in a notice with its row number (no pupil, no
readable date, a date before 2000 or more than a year ahead, a type nobody knows); the rest of
the file is still read, and a file with no usable row at all is refused. A pupil is the same
pupil when the name's words are the same («Nordmann, Ola» is «Ola Nordmann»); one name in two
classes stays two pupils, with a notice, because it may be two children or a pupil who moved,
and a silent merge would add up the wrong days.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from operator import itemgetter
from typing import NamedTuple

from casework.absence.cells import parse_date, parse_minutes, text
from casework.absence.columns import ColumnMapping, Field, find_header
from casework.absence.problems import (
    QUOTED_AT_MOST,
    AbsenceImportError,
    ErrorCode,
    ImportProblem,
    NoticeCode,
    Value,
)
from casework.absence.reader import MAX_ROWS, Row
from casework.absence.words import Kind, Reading, Reason, compact, read_cell

EARLIEST = date(2000, 1, 1)
# How far ahead a registration may lie: planned leave is registered ahead, a year is plenty.
DAYS_AHEAD = 365
_NAME_WORDS = re.compile(r"[\s,]+")


class Registration(NamedTuple):
    pupil_key: str
    group_key: str
    day: date
    kind: Kind
    reason: Reason
    documented: bool | None
    minutes: int | None


@dataclass(frozen=True)
class AbsenceExport:
    """What an export holds, read: its registrations, and what was skipped or looked odd."""

    registrations: tuple[Registration, ...]
    names: dict[str, str]  # pupil key -> the name as first written
    groups: dict[str, str]  # group key -> the group as first written
    notices: tuple[ImportProblem, ...]
    columns: frozenset[Field]
    rows: int
    source: str

    @property
    def first_day(self) -> date:
        return min(registration.day for registration in self.registrations)

    @property
    def last_day(self) -> date:
        return max(registration.day for registration in self.registrations)

    @property
    def has_minutes(self) -> bool:
        return Field.MINUTES in self.columns


def pupil_key(name: str) -> str:
    return " ".join(sorted(word for word in _NAME_WORDS.split(name.casefold()) if word))


# The order `_RowReader` reads a row's cells in.
_ORDER = (
    Field.PUPIL, Field.GROUP, Field.DATE, Field.START, Field.TYPE, Field.MINUTES,
    Field.DOCUMENTED, Field.CODE,
)  # fmt: skip


class _Meaning(NamedTuple):
    """What a row's type, code, documented, start and minutes cells say together."""

    kind: Kind | None  # None: a type nobody knows
    reason: Reason
    documented: bool | None
    minutes: int | None
    unknown_code: str | None


class _RowReader:
    """Reads rows one by one. Exports repeat the same few types, codes, names and classes
    thousands of times, so each distinct combination is worked out once and looked up after:
    that, and taking a row's cells with one itemgetter, is what keeps 100,000 rows fast."""

    def __init__(self, columns: dict[Field, int], mapping: ColumnMapping | None, today: date):
        self.mapping = mapping or ColumnMapping()
        self.latest = today + timedelta(days=DAYS_AHEAD)
        self.registrations: list[Registration] = []
        self.names: dict[str, str] = {}
        self.groups: dict[str, str] = {}
        self.skipped: defaultdict[NoticeCode, list[int]] = defaultdict(list)
        self.unknown: dict[NoticeCode, Counter[str]] = {
            NoticeCode.UNKNOWN_TYPES: Counter(),
            NoticeCode.UNKNOWN_CODES: Counter(),
        }
        self.pupil_groups: defaultdict[str, set[str]] = defaultdict(set)
        present = [f for f in _ORDER if f in columns]
        self._width = max(columns.values()) + 1
        self._take = itemgetter(*(columns[f] for f in present))
        # A field without a column reads the None put after the cells taken.
        self._order = itemgetter(
            *(present.index(f) if f in columns else len(present) for f in _ORDER)
        )
        self._meanings: dict[tuple[object, ...], _Meaning] = {}
        self._pupils: dict[object, tuple[str, str]] = {}  # cell -> (name, pupil key)
        self._group_keys: dict[object, str] = {}

    def _type(self, value: str) -> Reading:
        kind = self.mapping.types.get(compact(value)) if value and self.mapping.types else None
        return Reading(kind, None, None, True) if kind else read_cell(value)

    def _code(self, value: str) -> Reading:
        reason = (
            self.mapping.reasons.get(compact(value)) if value and self.mapping.reasons else None
        )
        return Reading(None, reason, None, True) if reason else read_cell(value)

    def _meaning(
        self,
        type_cell: object,
        code_cell: object,
        documented_cell: object,
        start_cell: object,
        minutes_cell: object,
    ) -> _Meaning:
        typed = self._type(text(type_cell))
        if not typed.understood:
            return _Meaning(None, Reason.UNKNOWN, None, None, None)
        code_text = text(code_cell)
        coded = self._code(code_text)
        minutes = parse_minutes(minutes_cell)
        lesson_hint = bool(minutes) or bool(text(start_cell))
        kind = typed.kind or (Kind.LESSON if lesson_hint else Kind.DAY)
        documented = read_cell(text(documented_cell)).documented
        for fallback in (coded.documented, typed.documented):
            documented = fallback if documented is None else documented
        reason = coded.reason or typed.reason
        if reason is None:
            reason = Reason.UNDOCUMENTED if documented is False else Reason.UNKNOWN
        return _Meaning(kind, reason, documented, minutes, None if coded.understood else code_text)

    def _pupil(self, cell: object) -> tuple[str, str]:
        found = self._pupils.get(cell)
        if found is None:
            name = text(cell)
            found = self._pupils[cell] = (name, pupil_key(name))
            if name:
                self.names.setdefault(found[1], name)
        return found

    def _group(self, cell: object) -> str:
        key = self._group_keys.get(cell)
        if key is None:
            group = text(cell)
            key = self._group_keys[cell] = compact(group)
            self.groups.setdefault(key, group)
        return key

    def add(self, number: int, row: Row) -> None:
        if len(row) < self._width:
            row = [*row, *([None] * (self._width - len(row)))]
        pupil, group, day_cell, start, type_, minutes, documented, code = self._order(
            (*self._take(row), None)
        )
        name, key = self._pupil(pupil)
        if not name:
            if any(text(cell) for cell in row):
                self.skipped[NoticeCode.MISSING_PUPIL].append(number)
            return
        day = parse_date(day_cell)
        if day is None:
            self.skipped[NoticeCode.UNREADABLE_DATES].append(number)
            return
        if not EARLIEST <= day <= self.latest:
            self.skipped[NoticeCode.DATES_OUT_OF_RANGE].append(number)
            return
        cells = (type_, code, documented, start, minutes)
        meaning = self._meanings.get(cells) or self._meanings.setdefault(
            cells, self._meaning(*cells)
        )
        if meaning.kind is None:
            self.unknown[NoticeCode.UNKNOWN_TYPES][text(type_)] += 1
            return
        if meaning.unknown_code:
            self.unknown[NoticeCode.UNKNOWN_CODES][meaning.unknown_code] += 1
        group_key = self._group(group)
        self.pupil_groups[key].add(group_key)
        kind, reason, documented_, minutes_, _ = meaning
        assert kind is not None
        self.registrations.append(
            Registration(key, group_key, day, kind, reason, documented_, minutes_)
        )

    def _skipped(self, code: NoticeCode, rows: list[int]) -> ImportProblem:
        values: dict[str, Value] = {"count": len(rows), "rows": tuple(rows[: QUOTED_AT_MOST + 1])}
        if code is NoticeCode.DATES_OUT_OF_RANGE:
            values |= {"earliest": EARLIEST, "latest": self.latest}
        return ImportProblem(code, values)

    def notices(self) -> list[ImportProblem]:
        notices = [self._skipped(code, rows) for code, rows in self.skipped.items()]
        for code, values in self.unknown.items():
            if values:
                shown = tuple(value for value, _ in values.most_common(QUOTED_AT_MOST + 1))
                notices.append(ImportProblem(code, {"count": values.total(), "values": shown}))
        for key, group_keys in self.pupil_groups.items():
            if len(group_keys) > 1:
                groups = tuple(sorted(self.groups[g] for g in group_keys))
                notices.append(
                    ImportProblem(
                        NoticeCode.PUPIL_IN_TWO_GROUPS, {"pupil": self.names[key], "groups": groups}
                    )
                )
        return notices


def read_export(
    rows: Sequence[Row], *, today: date, mapping: ColumnMapping | None, source: str
) -> AbsenceExport:
    """Registrations from the rows under the header; refused when no row can be used."""
    header = find_header(rows, mapping)
    body = rows[header.row_index + 1 :]
    if not any(text(cell) for row in body for cell in row):
        raise AbsenceImportError(ErrorCode.HEADER_ONLY)
    if len(body) > MAX_ROWS:
        raise AbsenceImportError(ErrorCode.TOO_MANY_ROWS, rows=len(body), limit=MAX_ROWS)
    reader = _RowReader(dict(header.columns), mapping, today)
    for number, row in enumerate(body, start=header.row_index + 2):
        reader.add(number, row)
    if not reader.registrations:
        raise AbsenceImportError(ErrorCode.NO_VALID_ROWS, rows=len(body))
    return AbsenceExport(
        registrations=tuple(reader.registrations),
        names=reader.names,
        groups=reader.groups,
        notices=tuple(reader.notices()),
        columns=frozenset(header.columns),
        rows=len(body),
        source=source,
    )
