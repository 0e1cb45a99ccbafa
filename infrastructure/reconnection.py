"""Steady reconnection to PostgreSQL after an outage.

Both connection pools (ours, infrastructure/database.py, and the event store library's) are
psycopg_pool pools. While the server is down they retry connecting with a delay that doubles
each time (1, 2, 4, 8 s...): after an outage of a few seconds the next attempt may come
several seconds after the server is back, and requests keep answering 503 meanwhile. A
steady delay of 1 s (±10 %) brings them back within about a second. psycopg_pool has no
setting for it, so the constant of its attempts' class is set here, once per process."""

from __future__ import annotations

from psycopg_pool.base import AttemptWithBackoff

RETRY_EVERY_SECONDS = 1.0


def steady_reconnection() -> None:
    AttemptWithBackoff.INITIAL_DELAY = RETRY_EVERY_SECONDS
    AttemptWithBackoff.DELAY_BACKOFF = 1.0
