"""The Bot Framework adapter: CloudAdapter with configuration-based authentication.

This module and `bot/handler.py` are the only places that know the Bot Framework SDK's adapter;
a later move to the Microsoft 365 Agents SDK replaces them and leaves the rest.
"""

from __future__ import annotations

import functools
import logging
import traceback
from dataclasses import dataclass
from typing import Any

import requests
from botbuilder.core import TurnContext
from botbuilder.integration.aiohttp import (
    CloudAdapter,
    ConfigurationBotFrameworkAuthentication,
)
from botbuilder.schema import Activity, CallerIdConstants
from botframework.connector.auth import (
    AuthenticateRequestResult,
    AuthenticationConstants,
    BotFrameworkAuthentication,
    EmulatorValidation,
)

from bot.auth import AuthenticationUnavailable, TenantPolicy, Unauthorized
from bot.fastpath import signing_keys
from bot.fastpath.connector import fast_authentication
from bot.fastpath.verified_tokens import MAX_VERIFIED
from bot.settings import Settings
from content.i18n import LANGUAGE_KEY, LanguagePolicy, Translator
from ops.telemetry import turn_failed
from storage.db import DatabaseUnavailable
from storage.errors import StateConflict

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AuthConfiguration:
    """The attribute names botbuilder's configuration objects are read by.

    Every endpoint is spelled out, with the public cloud's values as defaults, so botbuilder
    always takes its parameterized path: production and the offline tests then run the same
    code, and only the URLs differ.
    """

    APP_ID: str
    APP_PASSWORD: str
    APP_TYPE: str
    APP_TENANTID: str
    TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL: str = (
        AuthenticationConstants.TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL
    )
    TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL: str = (
        AuthenticationConstants.TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL
    )
    TO_BOT_FROM_CHANNEL_TOKEN_ISSUER: str = AuthenticationConstants.TO_BOT_FROM_CHANNEL_TOKEN_ISSUER
    TO_CHANNEL_FROM_BOT_LOGIN_URL: str = (
        AuthenticationConstants.TO_CHANNEL_FROM_BOT_LOGIN_URL_PREFIX
    )
    TO_CHANNEL_FROM_BOT_OAUTH_SCOPE: str = AuthenticationConstants.TO_CHANNEL_FROM_BOT_OAUTH_SCOPE
    OAUTH_URL: str = AuthenticationConstants.OAUTH_URL
    CALLER_ID: str = CallerIdConstants.public_azure_channel.value
    VALIDATE_AUTHORITY: bool = True


def auth_configuration(settings: Settings) -> AuthConfiguration:
    # Without an app id botbuilder skips authentication; its SingleTenant factory would refuse
    # an empty id, so local mode is described as MultiTenant with no credentials.
    app_type = settings.app_type if settings.authenticated else "MultiTenant"
    endpoints: dict[str, Any] = {
        "TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL": settings.openid_metadata_url,
        "TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL": settings.emulator_openid_metadata_url,
    }
    return AuthConfiguration(
        APP_ID=settings.app_id,
        APP_PASSWORD=settings.app_password,
        APP_TYPE=app_type,
        APP_TENANTID=settings.app_tenant_id,
        **{name: url for name, url in endpoints.items() if url},
    )


class GatedAdapter(CloudAdapter):
    """CloudAdapter with the gate a request passes before its turn: authentication, then tenant."""

    def __init__(
        self,
        authentication: BotFrameworkAuthentication,
        tenants: TenantPolicy,
        *,
        allow_emulator: bool = False,
    ) -> None:
        super().__init__(authentication)
        self.tenants = tenants
        self.allow_emulator = allow_emulator

    async def admit(self, activity: Activity, auth_header: str | None) -> AuthenticateRequestResult:
        """botbuilder's own validation; the result is handed to `process_activity` unchanged.

        Raises `Unauthorized`, `AuthenticationUnavailable` or `bot.auth.TenantDenied`. An
        Emulator token is refused unless explicitly allowed: botbuilder checks a channel token's
        serviceUrl claim against the activity, an Emulator token has none, so whoever could mint
        one would get the bot's replies (with its bearer token) at any URL.
        """
        if not self.allow_emulator and auth_header and _from_emulator(auth_header):
            log.warning("request not authenticated: an Emulator token in production")
            raise Unauthorized
        try:
            result = await self.bot_framework_authentication.authenticate_request(
                activity, auth_header
            )
        except (requests.RequestException, signing_keys.SigningKeysUnavailable) as error:
            # The OpenID metadata and keys (bot/fastpath/signing_keys.py) could not be fetched.
            log.error("could not fetch the Bot Framework signing keys: %s", type(error).__name__)
            raise AuthenticationUnavailable from error
        except Exception as error:
            # botbuilder signals a bad token with PermissionError, PyJWT errors, IndexError (an
            # unknown key id) or a bare Exception (endorsements): every one means "not proven".
            log.warning("request not authenticated: %s", type(error).__name__)
            raise Unauthorized from error
        self.tenants.check(activity)
        return result


@functools.lru_cache(maxsize=MAX_VERIFIED)
def _from_emulator(auth_header: str) -> bool:
    """Whether the token's issuer is the Emulator's: botbuilder decodes the JWT to tell, and
    Teams sends the same token with every activity for an hour, so the answer is kept per
    token (as `verified_tokens` keeps an accepted one); it decides a refusal, never an accept."""
    try:
        return EmulatorValidation.is_token_from_emulator(auth_header)
    except Exception:  # not a decodable token: botbuilder's own check refuses it next
        return False


def create_adapter(settings: Settings) -> GatedAdapter:
    # Authentication is botbuilder's own; the wrapper only keeps connector clients and HTTP
    # connections across turns (see bot/fastpath/connector.py), and its signing keys are
    # fetched off the event loop (bot/fastpath/signing_keys.py).
    signing_keys.install()
    authentication = fast_authentication(
        ConfigurationBotFrameworkAuthentication(auth_configuration(settings))
    )
    adapter = GatedAdapter(
        authentication,
        TenantPolicy(settings.tenant_allow_list),
        allow_emulator=settings.allow_emulator,
    )
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
    turn_failed(type(error).__name__)
    log.error(
        "turn failed: %s at %s (activity type=%s)",
        type(error).__name__,
        where(error),
        context.activity.type,
    )
    language = context.turn_state.get(LANGUAGE_KEY)
    translate = (
        Translator(language)
        if isinstance(language, str)
        else Translator(LanguagePolicy().choose(context.activity.locale))
    )
    # Another instance answered a message of this conversation at the same moment; this turn's
    # state was not saved over it, so the user only needs to send the message again.
    key = "error.conflict" if isinstance(error, StateConflict) else "error.turn_failed"
    try:
        await context.send_activity(translate(key))
    except Exception as send_error:  # the connector may be the thing that failed
        log.warning("could not tell the user about a failed turn: %s", type(send_error).__name__)
