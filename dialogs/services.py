"""What the dialogs need from outside, built once at start-up by `bot.app.create_app`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time
from zoneinfo import ZoneInfo

from content.calendar import SchoolCalendar
from content.clock import Clock
from content.models import Guide
from content.nlu import Recognizer
from storage.db import Database


@dataclass(frozen=True)
class Services:
    database: Database
    guide: Guide
    recognizer: Recognizer
    clock: Clock
    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Europe/Oslo"))
    end_of_school_day: time = time(15, 0)
    reminder_time: time = time(8, 0)
    calendar: SchoolCalendar = field(default_factory=SchoolCalendar.empty)
    leaders: tuple[str, ...] = ()
