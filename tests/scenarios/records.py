"""Reading what a conversation stored, straight from the database."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from storage.db import Database
from storage.models import AuditEvent, Case, Deadline, LogEntry


def rows(database_url: str, model: Any, *where: Any) -> list[Any]:
    database = Database(database_url)
    try:

        def query(session: Session) -> list[Any]:
            return list(session.exec(select(model).where(*where).order_by(col(model.id))))

        return database.run_sync(query)
    finally:
        database.dispose()


def cases(database_url: str) -> list[Case]:
    return rows(database_url, Case)


def deadlines(database_url: str, case_id: int) -> list[Deadline]:
    return rows(database_url, Deadline, Deadline.case_id == case_id)


def log_entries(database_url: str, case_id: int) -> list[LogEntry]:
    return rows(database_url, LogEntry, LogEntry.case_id == case_id)


def audit(database_url: str) -> list[AuditEvent]:
    return rows(database_url, AuditEvent)
