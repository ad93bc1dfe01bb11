"""Leader rows and profiles against a real database: per tenant, by aad id or UPN, and pruning."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session

from storage import leaders as repo
from storage.cases import open_case
from storage.db import Database

NOW = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)


def run(database: Database, work):  # type: ignore[no-untyped-def]
    return database.run_sync(work)


def add(session: Session, tenant: str, **fields: str) -> bool:
    return repo.add_leader(session, tenant_id=tenant, source=repo.CHAT, now=NOW, **fields)


def test_leaders_are_per_tenant_and_only_those_with_an_aad_id(database: Database) -> None:
    def work(session: Session) -> tuple[list[str], list[str]]:
        add(session, "a", aad_object_id="aad-1")
        add(session, "a", upn="Waiting@Skole.no")
        add(session, "b", aad_object_id="aad-2")
        return repo.leaders_of(session, "a"), repo.leaders_of(session, "b")

    assert run(database, work) == (["aad-1"], ["aad-2"])


@pytest.mark.parametrize(
    ("second", "added"),
    [
        ({"aad_object_id": "aad-1"}, False),
        ({"upn": "KARI@skole.no"}, False),
        ({"upn": "x@y.no"}, True),
    ],
)
def test_the_same_person_is_added_once(
    database: Database, second: dict[str, str], added: bool
) -> None:
    def work(session: Session) -> bool:
        assert add(session, "a", aad_object_id="aad-1", upn="kari@skole.no")
        return add(session, "a", **second)

    assert run(database, work) is added


def test_a_pending_leader_is_claimed_by_upn(database: Database) -> None:
    def work(session: Session) -> tuple[bool, bool, list[str]]:
        add(session, "a", upn="lise@skole.no")
        wrong_tenant = repo.claim_pending_leader(
            session, tenant_id="b", aad_object_id="aad-l", upn="lise@skole.no", display_name="L"
        )
        claimed = repo.claim_pending_leader(
            session, tenant_id="a", aad_object_id="aad-l", upn="LISE@skole.no", display_name="L"
        )
        return wrong_tenant, claimed, repo.leaders_of(session, "a")

    assert run(database, work) == (False, True, ["aad-l"])


def test_remove_touches_only_the_given_sources(database: Database) -> None:
    def work(session: Session) -> tuple[int, int, list[str]]:
        repo.add_leader(
            session, tenant_id="a", source=repo.CONFIGURED, aad_object_id="aad-c", now=NOW
        )
        add(session, "a", aad_object_id="aad-x")
        kept = repo.remove_leader(session, tenant_id="a", aad_object_id="aad-c")
        gone = repo.remove_leader(session, tenant_id="a", aad_object_id="aad-x")
        return kept, gone, repo.leaders_of(session, "a")

    assert run(database, work) == (0, 1, ["aad-c"])


def test_prune_keeps_configured_rows_still_in_the_settings(database: Database) -> None:
    def work(session: Session) -> list[str]:
        for aad_id, upn in (("aad-1", None), ("aad-2", "ivar@skole.no"), ("aad-3", None)):
            repo.add_leader(
                session,
                tenant_id="a",
                source=repo.CONFIGURED,
                aad_object_id=aad_id,
                upn=upn,
                now=NOW,
            )
        add(session, "a", aad_object_id="aad-chat")
        repo.prune_configured(session, configured=["aad-1", "Ivar@Skole.no"])
        return repo.leaders_of(session, "a")

    assert run(database, work) == ["aad-1", "aad-2", "aad-chat"]


def test_profiles_keep_a_checked_upn_and_find_owners(database: Database) -> None:
    def work(session: Session) -> tuple[str | None, str | None, list[tuple[str, str]]]:
        repo.save_profile(
            session,
            tenant_id="a",
            aad_object_id="aad-k",
            display_name="Kari",
            upn="Kari@Skole.no",
            upn_checked=True,
            now=NOW,
        )
        repo.save_profile(
            session, tenant_id="a", aad_object_id="aad-k", display_name="Kari L", now=NOW
        )
        profile = repo.get_profile(session, tenant_id="a", aad_object_id="aad-k")
        assert profile is not None
        found = repo.find_profile_by_upn(session, tenant_id="a", upn="kari@skole.NO")
        # One pupil each: a pupil has at most one open case (issue 13).
        for owner, name, pupil in (
            ("aad-k", "Kari Lærer", "Ole"),
            ("aad-kr", "Kristin Lærer", "Per"),
        ):
            open_case(
                session,
                tenant_id="a",
                pupil_name=pupil,
                group_name="5B",
                owner_aad_id=owner,
                owner_name=name,
                now=NOW,
            )
        owners = repo.find_owners(session, tenant_id="a", name="kari")
        return profile.upn, found.aad_object_id if found else None, owners

    assert run(database, work) == ("kari@skole.no", "aad-k", [("aad-k", "Kari Lærer")])


def test_a_profile_keeps_its_name_when_teams_sends_none(database: Database) -> None:
    def work(session: Session) -> tuple[str, datetime]:
        repo.save_profile(
            session, tenant_id="a", aad_object_id="aad-k", display_name="Kari", now=NOW
        )
        later = NOW + timedelta(hours=1)
        repo.save_profile(session, tenant_id="a", aad_object_id="aad-k", display_name="", now=later)
        profile = repo.get_profile(session, tenant_id="a", aad_object_id="aad-k")
        assert profile is not None
        return profile.display_name, profile.updated_at

    assert run(database, work) == ("Kari", NOW + timedelta(hours=1))
