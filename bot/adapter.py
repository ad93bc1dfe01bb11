"""The Bot Framework adapter: CloudAdapter with configuration-based authentication.

This module and `bot/handler.py` are the only places that know the Bot Framework SDK's adapter;
a later move to the Microsoft 365 Agents SDK replaces them and leaves the rest.
"""

from __future__ import annotations

import logging
import traceback
from dataclasses import dataclass

from botbuilder.core import TurnContext
from botbuilder.integration.aiohttp import (
    CloudAdapter,
    ConfigurationBotFrameworkAuthentication,
)

from bot.settings import Settings
from content.i18n import Translator
from storage.db import DatabaseUnavailable

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AuthConfiguration:
    """The attribute names botbuilder's configuration objects are read by."""

    APP_ID: str
    APP_PASSWORD: str
    APP_TYPE: str
    APP_TENANTID: str
    TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL: str | None = None
    TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL: str | None = None
    TO_BOT_FROM_CHANNEL_TOKEN_ISSUER: str | None = None


def auth_configuration(settings: Settings) -> AuthConfiguration:
    # Without an app id botbuilder skips authentication; its SingleTenant factory would refuse
    # an empty id, so local mode is described as MultiTenant with no credentials.
    app_type = settings.app_type if settings.authenticated else "MultiTenant"
    return AuthConfiguration(
        APP_ID=settings.app_id,
        APP_PASSWORD=settings.app_password,
        APP_TYPE=app_type,
        APP_TENANTID=settings.app_tenant_id,
    )


def create_adapter(settings: Settings) -> CloudAdapter:
    authentication = ConfigurationBotFrameworkAuthentication(auth_configuration(settings))
    adapter = CloudAdapter(authentication)
    adapter.on_turn_error = on_turn_error
    return adapter


def where(error: BaseException) -> str:
    """File and line of the innermost frame; the message is left out as it may quote user text."""
    frames = traceback.extract_tb(error.__traceback__)
    if not frames:
        return "?"
    last = frames[-1]
    return f"{last.filename.rsplit('/', 2)[-1]}:{last.lineno} in {last.name}"


async def on_turn_error(context: TurnContext, error: Exception) -> None:
    """The one place a failed turn ends: log without user text, tell the user, keep serving."""
    if isinstance(error, DatabaseUnavailable):
        # Let the HTTP edge answer 503 so the channel retries; nothing can be saved now anyway.
        raise error
    log.error(
        "turn failed: %s at %s (activity type=%s)",
        type(error).__name__,
        where(error),
        context.activity.type,
    )
    translate = Translator.for_locale(context.activity.locale)
    try:
        await context.send_activity(translate("error.turn_failed"))
    except Exception as send_error:  # the connector may be the thing that failed
        log.warning("could not tell the user about a failed turn: %s", type(send_error).__name__)
