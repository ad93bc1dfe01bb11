"""Issue 17's core: an absence export from Visma Flyt Skole / InSchool in, the pattern out.

The Teams conversation calls `read_upload` (a file attachment's bytes and name) or
`read_pasted` (rows pasted into the chat), then `summarise_export` for one pupil, one class
or the whole school; each returns its result or an `ImportProblem` to show the user. Leaders'
views are `meeting_criteria` and `first_term_overview`. See docs/absence-import.md.
"""

from casework.absence.columns import ColumnMapping, Field
from casework.absence.picture import AbsencePicture, Run, Standout
from casework.absence.problems import ErrorCode, ImportProblem, NoticeCode
from casework.absence.records import AbsenceExport
from casework.absence.school import first_term, first_term_overview, meeting_criteria
from casework.absence.service import (
    read_pasted,
    read_upload,
    summarise_export,
    summarise_upload,
)
from casework.absence.summary import AbsenceSummary, Period, criterion_quote
from casework.absence.words import Kind, Reason

__all__ = [
    "AbsenceExport",
    "AbsencePicture",
    "AbsenceSummary",
    "ColumnMapping",
    "ErrorCode",
    "Field",
    "ImportProblem",
    "Kind",
    "NoticeCode",
    "Period",
    "Reason",
    "Run",
    "Standout",
    "criterion_quote",
    "first_term",
    "first_term_overview",
    "meeting_criteria",
    "read_pasted",
    "read_upload",
    "summarise_export",
    "summarise_upload",
]
