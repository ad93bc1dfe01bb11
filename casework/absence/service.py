"""The entry points: an export in (a file's bytes or pasted text), a picture or a problem out.

Nothing raises for bad input: each function returns either its result or an `ImportProblem`
(an error the user can be shown in their language). Files are read in memory and dropped; the
log gets counts and problem codes, never a name, a header or a cell.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from typing import TypeVar

from casework.absence.columns import ColumnMapping
from casework.absence.problems import AbsenceImportError, ErrorCode, ImportProblem
from casework.absence.reader import (
    PASTED_SEPARATORS,
    read_rows,
    refuse_if_too_large,
    text_rows,
)
from casework.absence.records import AbsenceExport, read_export
from casework.absence.summary import AbsenceSummary, summarise
from content.calendar import SchoolCalendar

log = logging.getLogger(__name__)
_Result = TypeVar("_Result")


def _guarded(work: Callable[[], _Result]) -> _Result | ImportProblem:
    try:
        return work()
    except AbsenceImportError as refused:
        log.info("absence export refused: %s", refused.problem.code.value)
        return refused.problem


def _logged(export: AbsenceExport) -> AbsenceExport:
    log.info(
        "absence export read: format=%s rows=%d registrations=%d pupils=%d notices=%s",
        export.source,
        export.rows,
        len(export.registrations),
        len(export.names),
        ",".join(notice.code.value for notice in export.notices) or "-",
    )
    return export


def read_upload(
    data: bytes, filename: str, *, today: date, mapping: ColumnMapping | None = None
) -> AbsenceExport | ImportProblem:
    """An export sent as a file: xlsx (or xls, xlsb, ods) or csv, told apart by its bytes."""

    def work() -> AbsenceExport:
        rows, source = read_rows(data, filename, mapping)
        return _logged(read_export(rows, today=today, mapping=mapping, source=source))

    return _guarded(work)


def read_pasted(
    text: str, *, today: date, mapping: ColumnMapping | None = None
) -> AbsenceExport | ImportProblem:
    """An export pasted into the chat: a header line, then rows split by `;`, tabs or spaces."""

    def work() -> AbsenceExport:
        refuse_if_too_large(len(text.encode("utf-8")))
        if not text.strip():
            raise AbsenceImportError(ErrorCode.EMPTY)
        rows = text_rows(text, PASTED_SEPARATORS, mapping)
        return _logged(read_export(rows, today=today, mapping=mapping, source="pasted"))

    return _guarded(work)


def summarise_export(
    export: AbsenceExport,
    calendar: SchoolCalendar,
    *,
    start: date | None = None,
    end: date | None = None,
    pupil: str | None = None,
    group: str | None = None,
) -> AbsenceSummary | ImportProblem:
    """The picture of one pupil (`pupil`, and `group` if the name is in two classes), of one
    class (`group`), or of everyone in the export, for the period or the export's span."""
    return _guarded(
        lambda: summarise(export, calendar, start=start, end=end, pupil=pupil, group=group)
    )


def summarise_upload(
    data: bytes,
    filename: str,
    calendar: SchoolCalendar,
    *,
    today: date,
    mapping: ColumnMapping | None = None,
    start: date | None = None,
    end: date | None = None,
    pupil: str | None = None,
    group: str | None = None,
) -> AbsenceSummary | ImportProblem:
    """`read_upload` then `summarise_export`, for a caller with one file and one question."""
    export = read_upload(data, filename, today=today, mapping=mapping)
    if isinstance(export, ImportProblem):
        return export
    return summarise_export(export, calendar, start=start, end=end, pupil=pupil, group=group)
