"""`create_app(settings)`: the whole bot as one aiohttp application, with nothing global.

Everything a turn needs is built here once, at start-up: the database facade, the state
storage, the adapter, the recognizer and the dialogs. Tests build as many apps as they like.
"""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator
from zoneinfo import ZoneInfo

from aiohttp import web

from bot.adapter import create_adapter
from bot.fastpath.state import SqlConversationState
from bot.handler import NaervaerBot
from bot.housekeeping import housekeeping_context
from bot.http import add_routes, no_stack_traces
from bot.keys import ADAPTER_KEY, BOT_KEY, DATABASE_KEY, SERVICES_KEY
from bot.scheduler import install_scheduler
from bot.settings import Settings
from bot.state_store import SqlStorage
from content.calendar import SchoolCalendar
from content.clock import Clock, SystemClock
from content.loader import guide
from content.nlu import default_recognizer
from dialogs.actor import forget_unconfigured_leaders
from dialogs.routes import build_root_dialog
from dialogs.services import Services
from storage.db import Database


def create_app(settings: Settings, *, clock: Clock | None = None) -> web.Application:
    database = Database(settings.database_url)
    services = Services(
        database=database,
        guide=guide(),
        recognizer=default_recognizer(),
        clock=clock or SystemClock(),
        timezone=ZoneInfo(settings.timezone),
        end_of_school_day=settings.end_of_school_day,
        reminder_time=settings.reminder_time,
        calendar=school_calendar(settings),
        leaders=tuple(settings.leaders),
    )
    conversation_state = SqlConversationState(SqlStorage(database))
    bot = NaervaerBot(
        conversation_state,
        build_root_dialog(services),
        database=database,
        clock=services.clock,
        shared=settings.shared_database,
    )

    app = web.Application(client_max_size=settings.max_body_bytes, middlewares=[no_stack_traces])
    app[ADAPTER_KEY] = create_adapter(settings)
    app[BOT_KEY] = bot
    app[DATABASE_KEY] = database
    app[SERVICES_KEY] = services
    app.cleanup_ctx.append(_close_database)
    # After the database: cleanup runs in reverse, so housekeeping stops before it closes.
    app.cleanup_ctx.append(
        housekeeping_context(database, services.clock, retention_days=settings.retention_days)
    )
    app.on_cleanup.append(_close_connector)
    add_routes(app)
    app.on_startup.append(functools.partial(_apply_leader_settings, services))
    # After the database's cleanup entry: the scheduler stops before the database closes.
    install_scheduler(app, settings)
    return app


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
