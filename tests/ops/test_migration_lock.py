"""Start-up migrations under a database lock: instances starting together on an empty
PostgreSQL migrate it once (one applies the revisions, the others wait and find it at head)."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text

from storage import migrate
from storage.db import normalize_url

POSTGRES = os.environ.get("NAERVAER_TEST_POSTGRES_URL")


@pytest.fixture
def empty_postgres() -> Iterator[str]:
    if not POSTGRES:
        pytest.skip("needs PostgreSQL: set NAERVAER_TEST_POSTGRES_URL")
    admin = create_engine(normalize_url(POSTGRES), isolation_level="AUTOCOMMIT")
    name = f"ops_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield normalize_url(POSTGRES).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def test_instances_starting_together_on_an_empty_postgres_migrate_once(
    empty_postgres: str,
) -> None:
    env = {**os.environ, "DATABASE_URL": empty_postgres}
    starts = [
        subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "migrate"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    results = [(p.wait(timeout=120), p.stderr.read()) for p in starts]  # type: ignore[union-attr]

    assert [code for code, _ in results] == [0, 0, 0], [err[-500:] for _, err in results]
    applied = [err for _, err in results if "schema migrated" in err]
    assert len(applied) == 1
    assert migrate.current(empty_postgres) == migrate.head()
