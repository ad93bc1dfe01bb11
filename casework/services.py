"""What the conversations and the reminders need from outside, built once by `create_app`."""

from __future__ import annotations

from dataclasses import dataclass, field

from casework.absence.columns import ColumnMapping
from casework.access import ConfiguredLeaders
from casework.school_time import SchoolTime
from casework.schools import SchoolDirectory
from casework.wake import Wake
from content.clock import Clock
from content.i18n import LanguagePolicy
from content.loader import guide as load_guide
from content.models import Guide
from content.nlu import Recognizer
from ops.telemetry import Telemetry
from storage.db import Database


@dataclass(frozen=True)
class Services:
    database: Database
    recognizer: Recognizer
    guide: Guide = field(default_factory=load_guide)
    school: SchoolTime = field(default_factory=SchoolTime)
    leaders: ConfiguredLeaders = field(default_factory=ConfiguredLeaders.none)
    language: LanguagePolicy = field(default_factory=LanguagePolicy)
    # The schools of each tenant (NAERVAER_SCHOOLS); empty: one default school per tenant.
    schools: SchoolDirectory = field(default_factory=SchoolDirectory.none)
    # Wakes the reminder scheduler when a conversation queued a message for now.
    outbox: Wake = field(default_factory=Wake)
    # A school's own absence export layout (NAERVAER_ABSENCE_COLUMNS), or None: the usual ones.
    absence_columns: ColumnMapping | None = None
    # Spans and metrics (ops/telemetry.py); off unless Application Insights is configured.
    telemetry: Telemetry = field(default_factory=Telemetry)

    @property
    def clock(self) -> Clock:
        return self.school.clock
