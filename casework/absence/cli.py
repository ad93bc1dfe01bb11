"""`naervaer absence-summary FILE`: an absence export's pattern as one JSON object on stdout.

FILE is an .xlsx/.xls/.ods/.csv export, or `-` for rows on stdin. The school calendar is
`--calendar` or `NAERVAER_SCHOOL_CALENDAR` (the one deadlines use), else weekends and public
holidays only; the columns file is `--columns` or `NAERVAER_ABSENCE_COLUMNS`. A refused file
prints its Norwegian message on stderr and exits 2 with nothing on stdout; notices go to stderr
as well as into the JSON. Format and rules: docs/absence-import.md.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import TextIO

from casework.absence.cells import parse_date
from casework.absence.columns import ColumnMapping
from casework.absence.problems import AbsenceImportError, ErrorCode, ImportProblem
from casework.absence.school import first_term_overview, meeting_criteria
from casework.absence.service import read_upload, summarise_export
from casework.absence.summary import AbsenceSummary
from content.calendar import CalendarError, SchoolCalendar
from content.clock import Clock, SystemClock
from content.i18n import Translator
from content.rules.deadlines import OSLO

COLUMNS_ENV = "NAERVAER_ABSENCE_COLUMNS"
CALENDAR_ENV = "NAERVAER_SCHOOL_CALENDAR"
PROG = "naervaer absence-summary"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=PROG, description=__doc__.split("\n")[0])
    parser.add_argument("file", help="the export (.xlsx, .csv, ...), or - for stdin")
    parser.add_argument("--pupil", help="one pupil's name, in any word order")
    parser.add_argument("--group", help="the pupil's class, or one class of a school file")
    parser.add_argument("--from", dest="start", help="first day (02.12.2026 or 2026-12-02)")
    parser.add_argument("--to", dest="end", help="last day")
    parser.add_argument("--columns", help=f"columns file (TOML); default ${COLUMNS_ENV}")
    parser.add_argument("--calendar", help=f"school calendar (TOML); default ${CALENDAR_ENV}")
    parser.add_argument(
        "--meeting-criteria", action="store_true", help="only pupils who meet a criterion"
    )
    parser.add_argument(
        "--first-term",
        action="store_true",
        help="the årshjul's January overview: pupils with 10 days or more in the 1st term",
    )
    return parser


def _day(value: str | None) -> date | None:
    if value is None:
        return None
    day = parse_date(value)
    if day is None:
        raise AbsenceImportError(ErrorCode.BAD_DATE, value=value)
    return day


def _mapping(path: str | None) -> ColumnMapping | None:
    return ColumnMapping.from_toml(path) if path else None


def _calendar(path: str | None) -> SchoolCalendar:
    if not path:
        return SchoolCalendar.empty()
    try:
        return SchoolCalendar.from_toml(path)
    except (CalendarError, OSError, UnicodeDecodeError) as error:
        raise AbsenceImportError(ErrorCode.CALENDAR_FILE, problem=str(error)) from error


def _read(name: str, stdin: TextIO) -> bytes:
    if name == "-":
        return stdin.buffer.read() if hasattr(stdin, "buffer") else stdin.read().encode()
    try:
        return Path(name).read_bytes()
    except OSError as error:
        raise AbsenceImportError(ErrorCode.UNREADABLE_FILE, path=name) from error


def _summary(
    args: argparse.Namespace, today: date, stdin: TextIO
) -> AbsenceSummary | ImportProblem:
    try:
        mapping = _mapping(args.columns or os.environ.get(COLUMNS_ENV))
        calendar = _calendar(args.calendar or os.environ.get(CALENDAR_ENV))
        start, end = _day(args.start), _day(args.end)
        data = _read(args.file, stdin)
    except AbsenceImportError as refused:
        return refused.problem
    export = read_upload(data, Path(args.file).name, today=today, mapping=mapping)
    if isinstance(export, ImportProblem):
        return export
    if args.first_term:
        summary: AbsenceSummary | ImportProblem = first_term_overview(export, calendar)
    else:
        summary = summarise_export(
            export, calendar, start=start, end=end, pupil=args.pupil, group=args.group
        )
    if args.meeting_criteria and isinstance(summary, AbsenceSummary):
        summary = meeting_criteria(summary)
    return summary


def main(
    argv: list[str] | None = None,
    stdin: TextIO = sys.stdin,
    stdout: TextIO = sys.stdout,
    stderr: TextIO = sys.stderr,
    clock: Clock | None = None,
) -> int:
    """Exit code 0 with the JSON, 2 for a refused file or a usage error."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
        if args.first_term and (args.pupil or args.group or args.start or args.end):
            parser.error(
                "--first-term covers the whole file's 1st term: no --pupil/--group/--from/--to"
            )
    except SystemExit as exit_:
        return int(exit_.code or 0)
    today = (clock or SystemClock()).now().astimezone(OSLO).date()
    translate = Translator("nb")
    summary = _summary(args, today, stdin)
    if isinstance(summary, ImportProblem):
        stderr.write(f"{PROG}: {summary.message(translate)}\n")
        return 2
    for notice in summary.notices:
        stderr.write(f"{PROG}: {notice.message(translate)}\n")
    stdout.write(json.dumps(summary.to_json(translate), ensure_ascii=False, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
