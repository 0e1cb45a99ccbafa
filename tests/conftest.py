"""Fixtures: the same integration suite runs on SQLite and on PostgreSQL.

PostgreSQL tests get their own schema, dropped afterwards. Without a reachable server they
skip with the reason, except under CI=true where they fail."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from infrastructure.bootstrap import Jalon, bootstrap
from infrastructure.settings import Settings
from tests.support import Group, seed_group

# Event streams (server-sent events) end after this long in tests, so that a request to one
# returns (the authorization walk calls every route).
os.environ.setdefault("JALON_EVENT_STREAM_SECONDS", "0.05")
POSTGRES_URL = os.environ.get("JALON_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
IN_CI = os.environ.get("CI", "").lower() == "true"


def _postgres_reason() -> str | None:
    try:
        with psycopg.connect(POSTGRES_URL, connect_timeout=3):
            return None
    except psycopg.Error as error:
        return f"PostgreSQL unreachable at {POSTGRES_URL}: {str(error).strip().splitlines()[0]}"


_POSTGRES_MISSING = _postgres_reason()


def require_postgres() -> None:
    if _POSTGRES_MISSING is None:
        return
    if IN_CI:
        pytest.fail(f"CI=true requires PostgreSQL: {_POSTGRES_MISSING}")
    pytest.skip(_POSTGRES_MISSING)


@pytest.fixture
def postgres_schema() -> Iterator[str]:
    """A fresh schema in the test database; the URL that selects it."""
    require_postgres()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    yield f"{POSTGRES_URL}?schema={schema}"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'jalon.db'}"
    else:
        yield request.getfixturevalue("postgres_schema")


def _opened(database_url: str) -> Iterator[Jalon]:
    instance = bootstrap(Settings(database_url=database_url))
    yield instance
    instance.close()


@pytest.fixture
def jalon(database_url: str) -> Iterator[Jalon]:
    yield from _opened(database_url)


@pytest.fixture
def elsewhere(database_url: str) -> Iterator[Jalon]:
    """Another process's view of the same database as `jalon`: its own pools and caches."""
    yield from _opened(database_url)


@pytest.fixture
def group(jalon: Jalon) -> Group:
    return seed_group(jalon.reference, jalon.people)
