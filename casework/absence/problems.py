"""What can go wrong with an absence export, as codes with values, never as sentences.

An `ImportProblem` is either an error (the file is refused, nothing is summarised) or a notice
(rows were skipped or something looks odd, and the picture is still made). Its text is looked
up in the catalogs (`absence.error.<code>`, `absence.notice.<code>`) only when someone reads
it, in their language. Problems may carry what the user's own file says (column headers, a
pupil's name): those are for the person who sent the file, never for the logs, which get the
code alone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from types import MappingProxyType

from content.i18n import Translator

# Row numbers and values quoted in a message: enough to find them, short enough for a chat.
QUOTED_AT_MOST = 5


class ErrorCode(StrEnum):
    TOO_LARGE = "too_large"
    NOT_SPREADSHEET = "not_spreadsheet"
    PASSWORD_PROTECTED = "password_protected"
    EMPTY = "empty"
    HEADER_ONLY = "header_only"
    UNKNOWN_COLUMNS = "unknown_columns"
    TOO_MANY_ROWS = "too_many_rows"
    NO_VALID_ROWS = "no_valid_rows"
    PUPIL_NOT_FOUND = "pupil_not_found"
    GROUP_NOT_FOUND = "group_not_found"
    PUPIL_IN_TWO_GROUPS = "pupil_in_two_groups"
    BAD_PERIOD = "bad_period"
    BAD_DATE = "bad_date"
    MAPPING_FILE = "mapping_file"
    CALENDAR_FILE = "calendar_file"
    UNREADABLE_FILE = "unreadable_file"


class NoticeCode(StrEnum):
    DATES_OUT_OF_RANGE = "dates_out_of_range"
    UNREADABLE_DATES = "unreadable_dates"
    MISSING_PUPIL = "missing_pupil"
    UNKNOWN_TYPES = "unknown_types"
    UNKNOWN_CODES = "unknown_codes"
    PUPIL_IN_TWO_GROUPS = "pupil_in_two_groups"
    NOT_SCHOOL_DAYS = "not_school_days"


Value = str | int | date | tuple[str, ...] | tuple[int, ...]


@dataclass(frozen=True)
class ImportProblem:
    """One error or notice: a code and the values its message needs."""

    code: ErrorCode | NoticeCode
    values: Mapping[str, Value] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "values", MappingProxyType(dict(self.values)))

    @property
    def is_error(self) -> bool:
        return isinstance(self.code, ErrorCode)

    @property
    def key(self) -> str:
        kind = "error" if self.is_error else "notice"
        return f"absence.{kind}.{self.code.value}"

    def message(self, translate: Translator | None = None) -> str:
        """The problem in the reader's language (bokmål when no translator is given)."""
        translate = translate or Translator("nb")
        return translate(self.key, **placeholder_values(self.values, translate))

    def to_json(self, translate: Translator | None = None) -> dict[str, object]:
        return {"code": self.code.value, "message": self.message(translate)}


def placeholder_values(values: Mapping[str, Value], translate: Translator) -> dict[str, str]:
    """Lists become «a», «b»; field lists are named in the reader's language; dates are spelt."""
    filled: dict[str, str] = {}
    for name, value in values.items():
        if isinstance(value, date):
            filled[name] = translate.day(value)
        elif name == "missing" and isinstance(value, tuple):
            filled[name] = ", ".join(translate(f"absence.field_hint.{item}") for item in value)
        elif name == "expected" and isinstance(value, tuple):
            filled[name] = ", ".join(translate(f"absence.field.{item}") for item in value)
        elif isinstance(value, tuple):
            filled[name] = quoted(value)
        else:
            filled[name] = str(value)
    return filled


def quoted(items: Sequence[object]) -> str:
    shown = [f"«{item}»" if isinstance(item, str) else str(item) for item in items]
    return ", ".join(shown[:QUOTED_AT_MOST]) + (" …" if len(shown) > QUOTED_AT_MOST else "")


class AbsenceImportError(Exception):
    """Raised inside the package to refuse a file; the public functions return the problem."""

    def __init__(self, code: ErrorCode, **values: Value) -> None:
        super().__init__(code.value)
        self.problem = ImportProblem(code, values)
