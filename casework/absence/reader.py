"""Bytes or pasted text in, rows of cells out, all in memory: nothing is written anywhere.

The format is told by the bytes, not by the file name, so a PDF renamed to .xlsx is refused as
what it is. Workbooks (xlsx, and xls, xlsb, ods, which calamine reads too) are read with
python-calamine; text files are decoded as UTF-8 (with or without BOM), UTF-16 with BOM (Excel's
"Unicode text"), or else cp1252 / latin-1, and split on the separator that makes the most
headers recognisable (`;`, tab or `,`; pasted text also two or more spaces, which is what a
tab often becomes in a chat).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from itertools import islice

import python_calamine

from casework.absence.columns import HEADER_SEARCH_ROWS, ColumnMapping, recognise
from casework.absence.problems import AbsenceImportError, ErrorCode

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 200_000
# A workbook is a zip: what it says it unpacks to is checked before calamine unpacks it, so a
# small file cannot blow up into gigabytes of cells.
MAX_UNPACKED_BYTES = 400 * 1024 * 1024
# Rows kept at most before the header is known: the limit plus room for title lines.
_ROW_GUARD = MAX_ROWS + HEADER_SEARCH_ROWS + 1

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
# An encrypted OOXML workbook is an OLE2 file holding these streams; their names are UTF-16.
_ENCRYPTED_STREAMS = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))
_NOT_TABLES = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*", b"RIFF")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SAMPLE = 65536
FILE_SEPARATORS = (";", "\t", ",")
PASTED_SEPARATORS = (";", "\t", "  ")
_SPACES = re.compile(r"\t| {2,}")

Row = Sequence[object]


def read_rows(
    data: bytes, filename: str, mapping: ColumnMapping | None = None
) -> tuple[list[Row], str]:
    """The rows of the first sheet (or of the text) and the format read ("xlsx", "csv")."""
    refuse_if_too_large(len(data))
    if not data.strip():
        raise AbsenceImportError(ErrorCode.EMPTY)
    if data.startswith(_OLE2):
        if any(stream in data for stream in _ENCRYPTED_STREAMS):
            raise AbsenceImportError(ErrorCode.PASSWORD_PROTECTED, filename=filename)
        return _workbook_rows(data, filename), "xls"
    if data.startswith(_ZIP):
        _check_unpacked_size(data, filename)
        return _workbook_rows(data, filename), "xlsx"
    if data.startswith(_NOT_TABLES):
        raise AbsenceImportError(ErrorCode.NOT_SPREADSHEET, filename=filename)
    return text_rows(_decode(data, filename), FILE_SEPARATORS, mapping), "csv"


def refuse_if_too_large(size: int) -> None:
    if size > MAX_BYTES:
        raise AbsenceImportError(
            ErrorCode.TOO_LARGE, size_mb=_megabytes(size), limit_mb=_megabytes(MAX_BYTES)
        )


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".replace(".", ",")


def _check_unpacked_size(data: bytes, filename: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as error:
        raise AbsenceImportError(ErrorCode.NOT_SPREADSHEET, filename=filename) from error
    if unpacked > MAX_UNPACKED_BYTES:
        raise AbsenceImportError(
            ErrorCode.TOO_LARGE, size_mb=_megabytes(unpacked), limit_mb=_megabytes(MAX_BYTES)
        )


def _workbook_rows(data: bytes, filename: str) -> list[Row]:
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        with workbook:
            for index, sheet_meta in enumerate(workbook.sheets_metadata):
                if sheet_meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
                    continue
                sheet = workbook.get_sheet_by_index(index)
                if sheet.height > _ROW_GUARD:
                    raise AbsenceImportError(
                        ErrorCode.TOO_MANY_ROWS, rows=sheet.height - 1, limit=MAX_ROWS
                    )
                rows: list[Row] = list(sheet.to_python(skip_empty_area=True))
                if any(any(cell not in ("", None) for cell in row) for row in rows[:100]):
                    return rows
    except python_calamine.PasswordError as error:
        raise AbsenceImportError(ErrorCode.PASSWORD_PROTECTED, filename=filename) from error
    except python_calamine.CalamineError as error:
        raise AbsenceImportError(ErrorCode.NOT_SPREADSHEET, filename=filename) from error
    raise AbsenceImportError(ErrorCode.EMPTY)


def _decode(data: bytes, filename: str) -> str:
    candidates: tuple[str, ...]
    if data.startswith(codecs.BOM_UTF8):
        candidates = ("utf-8-sig",)
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ("utf-16",)
    else:
        # cp1252 is what Excel in Norway writes as "CSV"; latin-1 decodes any byte at all.
        candidates = ("utf-8", "cp1252", "latin-1")
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text
        break
    raise AbsenceImportError(ErrorCode.NOT_SPREADSHEET, filename=filename)


def _looks_like_text(text: str) -> bool:
    sample = text[:_SAMPLE]
    return len(_CONTROL.findall(sample)) <= len(sample) // 200


def _split(lines: Iterator[str], separator: str) -> Iterator[list[str]]:
    if separator == "  ":
        return (_SPACES.split(line.strip()) for line in lines)
    return csv.reader(lines, delimiter=separator)


def _score(rows: list[list[str]], mapping: ColumnMapping | None) -> tuple[int, int]:
    """How many headers one row recognises at best, then how many columns it has."""
    return max(((len(recognise(row, mapping)), len(row)) for row in rows), default=(0, 0))


def text_rows(
    text: str, separators: Sequence[str], mapping: ColumnMapping | None = None
) -> list[Row]:
    """Rows of delimited text, split on the separator under which the header reads best."""
    head = [
        line.rstrip("\r\n") for line in islice(io.StringIO(text, newline=None), HEADER_SEARCH_ROWS)
    ]
    separator = max(
        separators, key=lambda s: _score(list(_split(iter(head), s)), mapping), default=";"
    )
    lines = io.StringIO(text, newline="")
    rows: list[Row] = list(islice(_split(lines, separator), _ROW_GUARD + 1))
    if len(rows) > _ROW_GUARD:
        raise AbsenceImportError(ErrorCode.TOO_MANY_ROWS, rows=text.count("\n"), limit=MAX_ROWS)
    return rows
