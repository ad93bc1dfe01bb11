"""Which column holds what: headers recognised by name, or named by the school's mapping file.

A header is recognised when its folded form (`words.compact`) equals one of a field's names, so
«Fra kl.», «fra kl» and «FRAKL» are one header. Only the pupil and the date are required: with
neither a type nor a lesson column every row is read as a whole day's absence (see
docs/absence-import.md). The header need not be the first row: exports often open with a title
line, so the first rows are searched.

The mapping file (TOML, `NAERVAER_ABSENCE_COLUMNS` or `--columns`) names a school's own headers
for any field, and may add the school's own words for types and reasons:

    [columns]
    pupil = "Elevens fulle navn"
    date = ["Fraværsdato", "Dato registrert"]

    [types]
    "H" = "day"

    [reasons]
    "S" = "sickness"
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType
from typing import Any, NoReturn, TypeVar

from casework.absence.problems import AbsenceImportError, ErrorCode
from casework.absence.words import Kind, Reason, compact

_Enum = TypeVar("_Enum", bound=StrEnum)

# How far down to look for the header row.
HEADER_SEARCH_ROWS = 10


class Field(StrEnum):
    PUPIL = "pupil"
    GROUP = "group"
    DATE = "date"
    START = "start"
    TYPE = "type"
    MINUTES = "minutes"
    DOCUMENTED = "documented"
    CODE = "code"


REQUIRED = (Field.PUPIL, Field.DATE)

# Earlier names win when two columns name one field: «Årsak» over «Merknad», whatever their order.
HEADER_NAMES: dict[Field, tuple[str, ...]] = {
    Field.PUPIL: (
        "Elev", "Navn", "Elevnavn", "Elevens navn", "Fullt navn", "Namn", "Elevnamn",
        "Elevens namn", "Fullt namn", "Pupil", "Name", "Student",
        "Pupil name", "Student name", "Full name",
    ),
    Field.GROUP: (
        "Klasse", "Gruppe", "Basisgruppe", "Trinn", "Klassetrinn", "Kontaktgruppe", "Class",
        "Group", "Form",
    ),
    Field.DATE: ("Dato", "Fraværsdato", "Registreringsdato", "Date"),
    Field.START: (
        "Time", "Økt", "Fra kl.", "Fra", "Klokkeslett", "Tid", "Fag", "Lesson", "Start",
        "Period", "Time of day", "Subject",
    ),
    Field.TYPE: (
        "Type", "Fraværstype", "Fraværsart", "Art", "Registreringstype", "Fravær", "Absence type",
        "Kind",
    ),
    Field.MINUTES: (
        "Minutter", "Min", "Min.", "Minutt", "Antall minutter", "Tal minutt", "Minutes",
        "Duration",
    ),
    Field.DOCUMENTED: ("Dokumentert", "Dokumentasjon", "Documented"),
    Field.CODE: (
        "Årsak", "Kode", "Fraværskode", "Fraværsårsak", "Grunn", "Merknad", "Reason", "Code",
        "Cause",
    ),
}  # fmt: skip


@dataclass(frozen=True)
class ColumnMapping:
    """A school's own names: extra headers per field, extra words for types and reasons."""

    headers: Mapping[Field, tuple[str, ...]] = field(default_factory=dict)
    types: Mapping[str, Kind] = field(default_factory=dict)
    reasons: Mapping[str, Reason] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in ("headers", "types", "reasons"):
            object.__setattr__(self, name, MappingProxyType(dict(getattr(self, name))))

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], *, source: str) -> ColumnMapping:
        unknown = sorted(set(data) - {"columns", "types", "reasons"})
        if unknown:
            _refuse(source, f"unknown sections {unknown}")
        headers = {
            _enum(Field, name, source, "columns"): _names(value, source, name)
            for name, value in _table(data, "columns", source).items()
        }
        types = {
            compact(word): _enum(Kind, value, source, "types")
            for word, value in _table(data, "types", source).items()
        }
        reasons = {
            compact(word): _enum(Reason, value, source, "reasons")
            for word, value in _table(data, "reasons", source).items()
        }
        return cls(headers, types, reasons)

    @classmethod
    def from_toml(cls, path: Path | str) -> ColumnMapping:
        path = Path(path)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            _refuse(str(path), str(error))
        return cls.from_mapping(data, source=str(path))


def _refuse(source: str, problem: str) -> NoReturn:
    raise AbsenceImportError(ErrorCode.MAPPING_FILE, path=source, problem=problem)


def _table(data: Mapping[str, Any], name: str, source: str) -> Mapping[str, Any]:
    table = data.get(name, {})
    if not isinstance(table, Mapping):
        _refuse(source, f"[{name}] must be a table")
    return table


def _enum(enum: type[_Enum], value: object, source: str, section: str) -> _Enum:
    try:
        return enum(value)  # type: ignore[arg-type]  # any other type is refused below too
    except ValueError:
        allowed = ", ".join(member.value for member in enum)
        _refuse(source, f"[{section}]: {value!r} is not one of {allowed}")


def _names(value: object, source: str, name: str) -> tuple[str, ...]:
    names = (value,) if isinstance(value, str) else value
    if not isinstance(names, list | tuple) or not all(isinstance(n, str) for n in names):
        _refuse(source, f"[columns] {name} must be a header or a list of headers")
    return tuple(names)


@dataclass(frozen=True)
class Header:
    """Where the header row is and which column holds each field that was found."""

    row_index: int
    columns: Mapping[Field, int]


def _lookup(mapping: ColumnMapping | None) -> dict[str, tuple[Field, int]]:
    """Folded header -> (field, rank); a lower rank wins."""
    lookup = {
        compact(name): (f, rank)
        for f, names in HEADER_NAMES.items()
        for rank, name in enumerate(names)
    }
    # The school's own names win over ours: its «Time» may be anything.
    for f, names in (mapping.headers if mapping else {}).items():
        lookup.update((compact(name), (f, -1)) for name in names)
    return lookup


def recognise(cells: Sequence[object], mapping: ColumnMapping | None = None) -> dict[Field, int]:
    """The fields a row of headers names, each with its column."""
    lookup = _lookup(mapping)
    best: dict[Field, tuple[int, int]] = {}
    for index, cell in enumerate(cells):
        found = lookup.get(compact(str(cell))) if cell not in (None, "") else None
        if found is None:
            continue
        f, rank = found
        if f not in best or rank < best[f][0]:
            best[f] = (rank, index)
    return {f: index for f, (_, index) in best.items()}


def find_header(rows: Sequence[Sequence[object]], mapping: ColumnMapping | None = None) -> Header:
    """The first row naming every required field; refused, naming what was seen, otherwise."""
    first_filled: Sequence[object] | None = None
    for index, cells in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if not any(str(cell).strip() for cell in cells if cell is not None):
            continue
        first_filled = first_filled or cells
        columns = recognise(cells, mapping)
        if all(f in columns for f in REQUIRED):
            return Header(index, columns)
    if first_filled is None:
        raise AbsenceImportError(ErrorCode.EMPTY)
    seen = recognise(first_filled, mapping)
    raise AbsenceImportError(
        ErrorCode.UNKNOWN_COLUMNS,
        found=tuple(str(cell).strip() for cell in first_filled if str(cell).strip()),
        missing=tuple(f.value for f in REQUIRED if f not in seen),
        expected=tuple(f.value for f in Field),
    )
