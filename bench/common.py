"""Shared helpers: temporary stores on both backends, timing, medians."""

from __future__ import annotations

import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg

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
