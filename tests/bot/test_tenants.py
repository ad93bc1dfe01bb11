"""The tenant allow-list, through the real app: a stranger's activity stops at the edge, audited."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from bot.auth import TENANT_DENIED
from bot.settings import Settings
from content.i18n import Translator
from devkit.local_channel import TENANT_ID, User
from devkit.local_identity import OpenIdServer
from storage import repository as repo
from storage.db import Database
from storage.models import AuditEvent
from tests.harness import bot_settings, running_bot

NB = Translator("nb")
APP_ID = "3f2504e0-4f89-41d3-9a0c-0305e82c3301"
STRANGER = "99999999-0000-4000-8000-0000000000ff"


@pytest.fixture(scope="module")
def idp() -> Iterator[OpenIdServer]:
    with OpenIdServer.running() as server:
        yield server


def audit_rows(database_url: str, tenant_id: str) -> list[AuditEvent]:
    database = Database(database_url)
    try:
        return database.run_sync(lambda s: repo.audit_events(s, tenant_id=tenant_id))
    finally:
        database.dispose()


@pytest.mark.parametrize(
    ("allowed", "app_tenant", "expected"),
    [
        ([], "", None),
        ([], "t-app", frozenset({"t-app"})),
        (["t-1", "t-2"], "t-app", frozenset({"t-1", "t-2"})),
        (["t-1"], "", frozenset({"t-1"})),
    ],
)
def test_the_allow_list_defaults_to_the_apps_tenant(
    allowed: list[str], app_tenant: str, expected: frozenset[str] | None
) -> None:
    settings = Settings(_env_file=None, allowed_tenants=allowed, app_tenant_id=app_tenant)
    assert settings.tenant_allow_list == expected


async def test_a_stranger_tenant_gets_403_and_one_audit_row(database_url: str) -> None:
    colleague = User("aad-1", "Kari Lærer")
    stranger = User("aad-stranger", "Ukjent", tenant_id=STRANGER)
    settings = bot_settings(database_url, allowed_tenants=[TENANT_ID])
    async with running_bot(settings) as bot:
        served = await bot.channel.send(colleague, "hjelp")
        denied = await bot.channel.send(stranger, "Ola i 5B har vært borte mye")
    assert served.text == NB("help.text")
    assert denied.status == 403
    assert denied.replies == []
    rows = audit_rows(database_url, STRANGER)
    assert [(row.action, row.actor_aad_id) for row in rows] == [(TENANT_DENIED, "aad-stranger")]
    assert "Ola" not in str(rows[0].detail)
    assert audit_rows(database_url, TENANT_ID) == []


def _tenant_fields(conversation_tenant: str | None, channel_tenant: str | None) -> dict[str, Any]:
    conversation: dict[str, Any] = {"id": "a:tenant-case", "conversationType": "personal"}
    if conversation_tenant is not None:
        conversation["tenantId"] = conversation_tenant
    channel_data = {"tenant": {"id": channel_tenant}} if channel_tenant is not None else {}
    return {"conversation": conversation, "channelData": channel_data}


@pytest.mark.parametrize(
    ("conversation_tenant", "channel_tenant", "status"),
    [
        (TENANT_ID, TENANT_ID, 201),
        (TENANT_ID, None, 201),
        (None, TENANT_ID, 201),
        (None, None, 403),
        (STRANGER, None, 403),
        (None, STRANGER, 403),
        (TENANT_ID, STRANGER, 403),
        (STRANGER, TENANT_ID, 403),
    ],
)
async def test_every_tenant_the_activity_names_must_be_allowed(
    database_url: str, conversation_tenant: str | None, channel_tenant: str | None, status: int
) -> None:
    settings = bot_settings(database_url, allowed_tenants=[TENANT_ID])
    async with running_bot(settings) as bot:
        fields = _tenant_fields(conversation_tenant, channel_tenant)
        activity = bot.channel.activity(User("aad-2", "Per"), type="typing", **fields)
        assert await bot.channel.post(activity) == status


async def test_without_an_allow_list_local_mode_serves_every_tenant(database_url: str) -> None:
    async with running_bot(bot_settings(database_url)) as bot:
        exchange = await bot.channel.send(User("aad-3", "Ola", tenant_id=STRANGER), "hjelp")
    assert exchange.text == NB("help.text")


async def test_authentication_comes_before_the_tenant_check(
    database_url: str, idp: OpenIdServer
) -> None:
    stranger = User("aad-stranger", "Ukjent", tenant_id=STRANGER)
    settings = bot_settings(
        database_url,
        app_id=APP_ID,
        app_password="local-secret",
        app_tenant_id=TENANT_ID,
        openid_metadata_url=idp.metadata_url,
        emulator_openid_metadata_url=idp.emulator_metadata_url,
    )
    async with running_bot(settings) as bot:
        channel = bot.channel
        activity = channel.activity(stranger, text="hei")
        anonymous = await channel.post(activity)
        rows_after_anonymous = audit_rows(database_url, STRANGER)
        token = idp.channel_token(APP_ID, channel.service_url)
        signed = await channel.post(activity, headers={"Authorization": f"Bearer {token}"})
    assert (anonymous, rows_after_anonymous) == (401, [])
    assert signed == 403
    assert [row.action for row in audit_rows(database_url, STRANGER)] == [TENANT_DENIED]
    assert channel.received[stranger.conversation_id] == []


SCHOOL_2 = "00000000-0000-4000-8000-00000000b22e"


async def test_a_tenant_named_only_in_conversation_tenant_id_is_that_tenant(
    database_url: str,
) -> None:
    """Teams names the tenant in `conversation.tenantId`; an activity that names it nowhere else
    passes the allow-list, so it must also be served as that tenant, not as a shared "local"."""
    teacher = User("aad-t1", "Kari Lærer", tenant_id=TENANT_ID)
    leader = User("aad-leader-2", "Rita Rektor", tenant_id=SCHOOL_2)
    settings = bot_settings(
        database_url, allowed_tenants=[TENANT_ID, SCHOOL_2], leaders=[leader.aad_object_id]
    )

    def only_conversation_tenant(user: User) -> dict[str, Any]:
        conversation = {
            "id": user.conversation_id,
            "conversationType": "personal",
            "tenantId": user.tenant_id,
        }
        return {"conversation": conversation, "channelData": {}}

    async with running_bot(settings) as bot:
        for text in ("Ole i 5B har vært borte 5 dager", "nei"):
            await bot.channel.send(teacher, text, **only_conversation_tenant(teacher))
        listed = await bot.channel.send(
            leader, "vis åpne saker", **only_conversation_tenant(leader)
        )
    assert listed.status == 201
    assert "Ole" not in listed.searchable
    database = Database(database_url)
    try:
        tenants = database.run_sync(
            lambda s: {
                case.tenant_id
                for case in repo.cases_of(s, tenant_id=TENANT_ID, aad_object_id="aad-t1")
            }
        )
    finally:
        database.dispose()
    assert tenants == {TENANT_ID}
