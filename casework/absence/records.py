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


class _RowReader:
    def __init__(self, columns: dict[Field, int], mapping: ColumnMapping | None, today: date):
        self.columns = columns
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
        self._keys: dict[str, str] = {}  # name as written -> pupil key, computed once per name

    def cell(self, row: Row, column: Field) -> object:
        index = self.columns.get(column)
        return row[index] if index is not None and index < len(row) else None

    def _type(self, value: str) -> Reading:
        kind = self.mapping.types.get(compact(value)) if value else None
        return Reading(kind, None, None, True) if kind else read_cell(value)

    def _code(self, value: str) -> Reading:
        reason = self.mapping.reasons.get(compact(value)) if value else None
        return Reading(None, reason, None, True) if reason else read_cell(value)

    def add(self, number: int, row: Row) -> None:
        name = text(self.cell(row, Field.PUPIL))
        if not name:
            if any(text(cell) for cell in row):
                self.skipped[NoticeCode.MISSING_PUPIL].append(number)
            return
        day = parse_date(self.cell(row, Field.DATE))
        if day is None:
            self.skipped[NoticeCode.UNREADABLE_DATES].append(number)
            return
        if not EARLIEST <= day <= self.latest:
            self.skipped[NoticeCode.DATES_OUT_OF_RANGE].append(number)
            return
        type_text = text(self.cell(row, Field.TYPE))
        typed = self._type(type_text)
        if not typed.understood:
            self.unknown[NoticeCode.UNKNOWN_TYPES][type_text] += 1
            return
        self._append(name, row, day, typed)

    def _append(self, name: str, row: Row, day: date, typed: Reading) -> None:
        code_text = text(self.cell(row, Field.CODE))
        coded = self._code(code_text)
        if not coded.understood:
            self.unknown[NoticeCode.UNKNOWN_CODES][code_text] += 1
        minutes = parse_minutes(self.cell(row, Field.MINUTES))
        lesson_hint = bool(minutes) or bool(text(self.cell(row, Field.START)))
        kind = typed.kind or (Kind.LESSON if lesson_hint else Kind.DAY)
        documented = read_cell(text(self.cell(row, Field.DOCUMENTED))).documented
        for fallback in (coded.documented, typed.documented):
            documented = fallback if documented is None else documented
        reason = coded.reason or typed.reason
        if reason is None:
            reason = Reason.UNDOCUMENTED if documented is False else Reason.UNKNOWN
        key = self._keys.get(name) or self._keys.setdefault(name, pupil_key(name))
        self.names.setdefault(key, name)
        group = text(self.cell(row, Field.GROUP))
        group_key = compact(group)
        self.groups.setdefault(group_key, group)
        self.pupil_groups[key].add(group_key)
        self.registrations.append(
            Registration(key, group_key, day, kind, reason, documented, minutes)
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
