"""Settings: Azure Bot Service's names, and no unauthenticated bot on a public address."""

from __future__ import annotations

import pytest

from bot.settings import ConfigurationError, Settings, is_loopback


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.3.2.1", True),
        ("::1", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("10.0.0.5", False),
        ("bot.example.no", False),
    ],
)
def test_is_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_without_app_id_only_loopback_may_serve() -> None:
    Settings(_env_file=None, host="127.0.0.1").ensure_safe_to_serve()
    with pytest.raises(ConfigurationError, match="MicrosoftAppId"):
        Settings(_env_file=None, host="0.0.0.0").ensure_safe_to_serve()


def test_azure_names_are_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MicrosoftAppId", "11111111-2222-3333-4444-555555555555")
    monkeypatch.setenv("MicrosoftAppPassword", "secret")
    monkeypatch.setenv("MicrosoftAppTenantId", "tenant-a")
    monkeypatch.setenv("NAERVAER_LEADERS", "rektor@skole.no, 42")
    settings = Settings(_env_file=None, host="0.0.0.0")
    assert settings.app_type == "SingleTenant"
    assert settings.leaders == ["rektor@skole.no", "42"]
    settings.ensure_safe_to_serve()


def test_single_tenant_needs_tenant_id() -> None:
    settings = Settings(_env_file=None, app_id="abc", app_password="pw", host="0.0.0.0")
    with pytest.raises(ConfigurationError, match="MicrosoftAppTenantId"):
        settings.ensure_safe_to_serve()


@pytest.mark.parametrize(
    ("url", "setting", "shared"),
    [
        ("sqlite:///./data/naervaer.db", None, False),
        ("postgresql://bot@db/naervaer", None, True),
        ("sqlite:///./data/naervaer.db", True, True),
        ("postgresql://bot@db/naervaer", False, False),
    ],
)
def test_turn_leases_where_several_instances_share_the_database(
    url: str, setting: bool | None, shared: bool
) -> None:
    settings = Settings(_env_file=None, database_url=url, multi_instance=setting)
    assert settings.shared_database is shared
