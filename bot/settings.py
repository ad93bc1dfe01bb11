"""Configuration from the environment, with Azure Bot Service's own variable names.

One `Settings` object is built at start-up and passed down; nothing reads the environment later.
"""

from __future__ import annotations

import ipaddress
from datetime import time
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AliasChoices, Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from reminders.pacing import parse_rates

LOOPBACK_NAMES = {"localhost", "ip6-localhost"}


class ConfigurationError(Exception):
    """The settings cannot be used as they are; the message says what to change."""


def _csv(value: object) -> object:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    app_id: str = Field("", validation_alias=AliasChoices("MicrosoftAppId", "app_id"))
    app_password: str = Field(
        "", validation_alias=AliasChoices("MicrosoftAppPassword", "app_password")
    )
    app_type: Literal["SingleTenant", "MultiTenant", "UserAssignedMSI"] = Field(
        "SingleTenant", validation_alias=AliasChoices("MicrosoftAppType", "app_type")
    )
    app_tenant_id: str = Field(
        "", validation_alias=AliasChoices("MicrosoftAppTenantId", "app_tenant_id")
    )
    database_url: str = Field(
        "sqlite:///./data/naervaer.db",
        validation_alias=AliasChoices("DATABASE_URL", "database_url"),
    )
    host: str = Field("127.0.0.1", validation_alias=AliasChoices("HOST", "host"))
    port: int = Field(3978, validation_alias=AliasChoices("PORT", "port"))
    timezone: str = Field(
        "Europe/Oslo", validation_alias=AliasChoices("NAERVAER_TIMEZONE", "timezone")
    )
    end_of_school_day: time = Field(
        time(15, 0),
        validation_alias=AliasChoices("NAERVAER_END_OF_SCHOOL_DAY", "end_of_school_day"),
    )
    reminder_time: time = Field(
        time(8, 0), validation_alias=AliasChoices("NAERVAER_REMINDER_TIME", "reminder_time")
    )
    school_calendar: Path | None = Field(
        None, validation_alias=AliasChoices("NAERVAER_SCHOOL_CALENDAR", "school_calendar")
    )
    language: Literal["nb", "nn", "en"] = Field(
        "nb", validation_alias=AliasChoices("NAERVAER_LANGUAGE", "language")
    )
    follow_teams_locale: bool = Field(
        False,
        validation_alias=AliasChoices("NAERVAER_FOLLOW_TEAMS_LOCALE", "follow_teams_locale"),
    )
    schools_file: Path | None = Field(
        None, validation_alias=AliasChoices("NAERVAER_SCHOOLS", "schools_file")
    )
    # A school's own absence export layout (docs/absence-import.md), for files sent in chat.
    absence_columns: Path | None = Field(
        None, validation_alias=AliasChoices("NAERVAER_ABSENCE_COLUMNS", "absence_columns")
    )
    leaders: Annotated[list[str], NoDecode] = Field(
        default_factory=list, validation_alias=AliasChoices("NAERVAER_LEADERS", "leaders")
    )
    allowed_tenants: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        validation_alias=AliasChoices("NAERVAER_ALLOWED_TENANTS", "allowed_tenants"),
    )
    openid_metadata_url: str | None = Field(
        None,
        validation_alias=AliasChoices("NAERVAER_OPENID_METADATA_URL", "openid_metadata_url"),
    )
    emulator_openid_metadata_url: str | None = Field(
        None,
        validation_alias=AliasChoices(
            "NAERVAER_EMULATOR_OPENID_METADATA_URL", "emulator_openid_metadata_url"
        ),
    )
    # Bot Framework Emulator tokens (Entra-signed, appid = the bot) carry no serviceUrl claim,
    # so they bind no reply address: only for local development, and only on loopback.
    allow_emulator: bool = Field(
        False, validation_alias=AliasChoices("NAERVAER_ALLOW_EMULATOR", "allow_emulator")
    )
    multi_instance: bool | None = Field(
        None, validation_alias=AliasChoices("NAERVAER_MULTI_INSTANCE", "multi_instance")
    )
    retention_days: int = Field(
        365, ge=1, validation_alias=AliasChoices("NAERVAER_RETENTION_DAYS", "retention_days")
    )
    max_body_bytes: int = Field(
        256 * 1024, validation_alias=AliasChoices("NAERVAER_MAX_BODY_BYTES", "max_body_bytes")
    )
    # Teams' rate limits (issue 19), which reminder delivery keeps to: "count/seconds", comma-
    # separated, every one holds. Defaults: Teams' documented limits per bot per conversation and
    # per app per tenant.
    teams_conversation_limits: str = Field(
        "7/1s,60/30s",
        validation_alias=AliasChoices(
            "NAERVAER_TEAMS_CONVERSATION_LIMITS", "teams_conversation_limits"
        ),
    )
    teams_tenant_limits: str = Field(
        "50/1s",
        validation_alias=AliasChoices("NAERVAER_TEAMS_TENANT_LIMITS", "teams_tenant_limits"),
    )
    log_level: str = Field("INFO", validation_alias=AliasChoices("NAERVAER_LOG_LEVEL", "log_level"))

    _split_lists = field_validator("leaders", "allowed_tenants", mode="before")(_csv)

    @field_validator("teams_conversation_limits", "teams_tenant_limits")
    @classmethod
    def _rates(cls, value: str) -> str:
        parse_rates(value)  # raises with the value and the expected form
        return value

    @property
    def authenticated(self) -> bool:
        return bool(self.app_id)

    @property
    def shared_database(self) -> bool:
        """Whether several bot instances may serve this database (and must coordinate turns).
        Unset: yes for PostgreSQL, no for SQLite, an embedded file for one instance."""
        if self.multi_instance is not None:
            return self.multi_instance
        return not self.database_url.startswith("sqlite")

    @property
    def tenant_allow_list(self) -> frozenset[str] | None:
        """The tenants that may talk to the bot; None lets every tenant in (local mode only)."""
        if self.allowed_tenants:
            return frozenset(self.allowed_tenants)
        if self.app_tenant_id:
            return frozenset({self.app_tenant_id})
        return None

    def ensure_safe_to_serve(self) -> None:
        """Without an app id nothing authenticates callers, so only loopback may reach the bot;
        nor with Emulator tokens allowed, which bind no reply address."""
        if self.allow_emulator and not is_loopback(self.host):
            raise ConfigurationError(
                f"NAERVAER_ALLOW_EMULATOR is on, so tokens that bind no reply address would be "
                f"accepted on {self.host}. Use it on 127.0.0.1 for local development only."
            )
        if self.authenticated:
            self._ensure_credentials_complete()
            return
        if not is_loopback(self.host):
            raise ConfigurationError(
                f"MicrosoftAppId is not set, so the bot would accept unauthenticated traffic on "
                f"{self.host}. Bind to 127.0.0.1 (HOST=127.0.0.1) for local trials, or set "
                "MicrosoftAppId, MicrosoftAppPassword and MicrosoftAppTenantId for production."
            )

    def _ensure_credentials_complete(self) -> None:
        if self.app_type == "SingleTenant" and not (self.app_password and self.app_tenant_id):
            raise ConfigurationError(
                "MicrosoftAppType=SingleTenant needs MicrosoftAppPassword and MicrosoftAppTenantId."
            )
        if self.app_type == "UserAssignedMSI" and not self.app_tenant_id:
            raise ConfigurationError("MicrosoftAppType=UserAssignedMSI needs MicrosoftAppTenantId.")
        if self.app_type == "UserAssignedMSI" and self.app_password:
            raise ConfigurationError(
                "MicrosoftAppType=UserAssignedMSI signs in with the managed identity: "
                "leave MicrosoftAppPassword empty."
            )
        if self.tenant_allow_list is None:
            # A multi-tenant app id is valid in every tenant; pupil data must not be one of them.
            raise ConfigurationError(
                "MicrosoftAppType=MultiTenant without MicrosoftAppTenantId needs "
                "NAERVAER_ALLOWED_TENANTS (the tenant ids that may use the bot)."
            )


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
