"""Shared helpers: temporary stores on both backends, timing, medians."""

from __future__ import annotations

import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from uuid import UUID

import psycopg
from eventsourcing.application import Application

from infrastructure.database import ensure_schema
from infrastructure.eventstore import event_store_environment
from infrastructure.location import PostgresLocation, parse_database_url
from infrastructure.settings import Settings

POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"


@contextmanager
def sqlite_url() -> Iterator[str]:
    with tempfile.TemporaryDirectory(prefix="jalon-bench-") as directory:
        yield f"sqlite:///{Path(directory) / 'bench.db'}"


@contextmanager
def postgres_url() -> Iterator[str]:
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    try:
        yield f"{POSTGRES}?schema={schema}"
    finally:
        with psycopg.connect(POSTGRES, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def backends(only: str | None = None) -> list[tuple[str, Callable[[], object]]]:
    chosen = [("sqlite", sqlite_url), ("postgres", postgres_url)]
    return [b for b in chosen if only in (None, b[0])]


def rate(count: int, action: Callable[[int], object]) -> float:
    """Operations per second for `count` calls of action(i)."""
    started = time.perf_counter()
    for i in range(count):
        action(i)
    return count / (time.perf_counter() - started)


def median(values: list[float]) -> float:
    return statistics.median(values)


def bare_application(url: str) -> Application[UUID]:
    location = parse_database_url(url)
    if isinstance(location, PostgresLocation):
        ensure_schema(location)
    env = event_store_environment(location, Settings(database_url=url))
    return Application(env=env)
