"""`create_app(settings)`: the whole bot as one aiohttp application, with nothing global.

Everything a turn needs is built here once, at start-up: the database facade, the state
storage, the adapter, the recognizer and the dialogs, and the two background tasks (reminders,
housekeeping). Tests build as many apps as they like.
"""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator
from dataclasses import replace
from zoneinfo import ZoneInfo

from aiohttp import web

from bot.adapter import create_adapter
from bot.fastpath.state import SqlConversationState
from bot.handler import NaervaerBot
from bot.http import add_routes, no_stack_traces
from bot.keys import ADAPTER_KEY, BOT_KEY, DATABASE_KEY, SCHEDULER_KEY, SERVICES_KEY
from bot.proactive import ProactiveSender
from bot.references import ConversationReferences
from bot.rendering import ChatText
from bot.settings import Settings
from bot.state_store import SqlStorage
from casework.absence import ColumnMapping
from casework.access import ConfiguredLeaders
from casework.actors import forget_unconfigured_leaders
from casework.housekeeping import Housekeeping
from casework.school_time import SchoolTime
from casework.schools import SchoolDirectory
from casework.services import Services
from content.calendar import SchoolCalendar
from content.clock import Clock, SystemClock
from content.i18n import LanguagePolicy
from content.loader import guide
from content.nlu import default_recognizer
from dialogs.registry import build_root_dialog
from reminders.pacing import parse_rates
from reminders.scheduler import INTERVAL_S, Pacing, Scheduler
from storage.db import Database


def create_app(
    settings: Settings, *, clock: Clock | None = None, scheduler_interval_s: float = INTERVAL_S
) -> web.Application:
    database = Database(settings.database_url)
    leaders = ConfiguredLeaders.parse(settings.leaders)
    schools = school_directory(settings).with_tenant_leaders(leaders)
    services = Services(
        database=database,
        recognizer=default_recognizer(),
        guide=guide(),
        school=replace(
            school_time(settings, clock or SystemClock()),
            calendars=schools.calendars(),
            default_school=schools.default_school,
        ),
        leaders=leaders,
        schools=schools,
        language=LanguagePolicy(settings.language, settings.follow_teams_locale),
        absence_columns=absence_columns(settings),
    )
    conversation_state = SqlConversationState(SqlStorage(database))
    bot = NaervaerBot(
        conversation_state,
        build_root_dialog(services),
        services=services,
        shared=settings.shared_database,
        app_id=settings.app_id,
    )
    adapter = create_adapter(settings)
    adapter.use(ConversationReferences(database, services.clock))
    adapter.use(ChatText())
    scheduler = Scheduler(
        services,
        ProactiveSender(adapter, settings.app_id),
        interval_s=scheduler_interval_s,
        pacing=pacing(settings),
    )

    app = web.Application(client_max_size=settings.max_body_bytes, middlewares=[no_stack_traces])
    app[ADAPTER_KEY] = adapter
    app[BOT_KEY] = bot
    app[DATABASE_KEY] = database
    app[SERVICES_KEY] = services
    app[SCHEDULER_KEY] = scheduler
    app.cleanup_ctx.append(_close_database)
    # cleanup_ctx unwinds in reverse: both background tasks stop before the database closes.
    app.cleanup_ctx.append(
        Housekeeping(database, services.clock, retention_days=settings.retention_days)
    )
    app.cleanup_ctx.append(scheduler)
    app.on_cleanup.append(_close_connector)
    add_routes(app)
    app.on_startup.append(functools.partial(_apply_leader_settings, services))
    return app


def pacing(settings: Settings) -> Pacing:
    """Teams' rate limits as configured, for the reminder scheduler."""
    return Pacing(
        conversation=parse_rates(settings.teams_conversation_limits),
        tenant=parse_rates(settings.teams_tenant_limits),
    )


def school_time(settings: Settings, clock: Clock) -> SchoolTime:
    return SchoolTime(
        zone=ZoneInfo(settings.timezone),
        calendar=school_calendar(settings),
        end_of_day=settings.end_of_school_day,
        reminder_time=settings.reminder_time,
        clock=clock,
    )


def school_directory(settings: Settings) -> SchoolDirectory:
    """The tenant's schools when NAERVAER_SCHOOLS names a file; otherwise one school per tenant."""
    if settings.schools_file is None:
        return SchoolDirectory.none()
    return SchoolDirectory.from_toml(settings.schools_file)


def absence_columns(settings: Settings) -> ColumnMapping | None:
    """The school's mapping file, read once at start: a bad file stops the bot here."""
    if settings.absence_columns is None:
        return None
    return ColumnMapping.from_toml(settings.absence_columns)


def school_calendar(settings: Settings) -> SchoolCalendar:
    """The school's own holidays when configured; otherwise weekends and public holidays only."""
    if settings.school_calendar is None:
        return SchoolCalendar.empty()
    return SchoolCalendar.from_toml(settings.school_calendar)


async def _apply_leader_settings(services: Services, app: web.Application) -> None:
    """Someone taken out of NAERVAER_LEADERS stops being a leader when the bot restarts."""
    await forget_unconfigured_leaders(services)


async def _close_connector(app: web.Application) -> None:
    await app[ADAPTER_KEY].bot_framework_authentication.close()


async def _close_database(app: web.Application) -> AsyncIterator[None]:
    yield
    await app[DATABASE_KEY].close()
