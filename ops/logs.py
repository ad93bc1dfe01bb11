"""Structured logs: one JSON object per line on stderr, configured once at start-up.

App Service and Container Apps collect a container's output into Log Analytics, where each
field is queryable. A record's `extra` fields become fields of the line (`event` names what
happened: start, listening, stop, db_outage, db_recovered, throttled). An exception is logged by
its class and where it was raised, never by its message: messages can quote a query's values or
what a user typed, and neither may reach a log.
"""

from __future__ import annotations

import json
import logging
import sys
import traceback
from datetime import UTC, datetime
from typing import Any

# Loggers whose INFO is start-up chatter, not operations ("setup plugin ..." per alembic plugin).
QUIET = ("alembic.runtime.plugins",)
# Everything a LogRecord has by itself; whatever else it carries came in through `extra`.
_STANDARD = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        line.update(
            (key, value)
            for key, value in vars(record).items()
            if key not in _STANDARD and not key.startswith("_")
        )
        if record.exc_info and record.exc_info[0] is not None:
            line["error.type"] = record.exc_info[0].__name__
            frames = traceback.extract_tb(record.exc_info[2])
            if frames:
                line["error.where"] = (
                    f"{frames[-1].filename.rsplit('/', 1)[-1]}:{frames[-1].lineno}"
                )
        return json.dumps(line, ensure_ascii=False, default=str)


def configure_logging(level: str | int = "INFO") -> None:
    """Replaces the root logger's handlers: one JSON line per record on stderr."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    for name in QUIET:
        logging.getLogger(name).setLevel(max(logging.WARNING, root.level))
