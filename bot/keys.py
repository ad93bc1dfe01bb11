"""Typed keys of what `create_app` puts in the aiohttp application."""

from __future__ import annotations

from aiohttp import web
from botbuilder.core import Bot

from bot.adapter import GatedAdapter
from casework.services import Services
from ops.telemetry import Telemetry
from reminders.scheduler import Scheduler
from storage.db import Database

ADAPTER_KEY = web.AppKey("adapter", GatedAdapter)
BOT_KEY = web.AppKey("bot", Bot)
DATABASE_KEY = web.AppKey("database", Database)
SERVICES_KEY = web.AppKey("services", Services)
SCHEDULER_KEY = web.AppKey("scheduler", Scheduler)
TELEMETRY_KEY = web.AppKey("telemetry", Telemetry)
