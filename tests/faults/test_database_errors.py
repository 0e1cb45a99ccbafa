"""Which failures mean "the database cannot serve now" (503) and which stay 500."""

from __future__ import annotations

import sqlite3
import time

import eventsourcing.persistence
import psycopg
import pytest

from api.errors import database_unavailable, unavailable_answer
from infrastructure.database import DatabaseUnavailable, open_database
from infrastructure.location import parse_database_url


def _from_psycopg(error_type: type[Exception]) -> Exception:
    try:
        try:
            raise psycopg.OperationalError("server closed the connection unexpectedly")
        except psycopg.Error as cause:
            raise error_type("server closed the connection unexpectedly") from cause
    except error_type as error:
        return error


@pytest.mark.parametrize(
    "error",
    [
        DatabaseUnavailable("PostgreSQL is unavailable"),
        psycopg.OperationalError("connection refused"),
        _from_psycopg(eventsourcing.persistence.OperationalError),
        _from_psycopg(eventsourcing.persistence.InterfaceError),
        eventsourcing.persistence.OperationalError("database is locked"),
        sqlite3.OperationalError("database or disk is full"),
    ],
)
def test_the_database_being_down_busy_or_full_is_503(error: Exception) -> None:
    assert database_unavailable(error)
    assert unavailable_answer(error)[0] == 503


@pytest.mark.parametrize(
    "error",
    [
        sqlite3.OperationalError("no such table: projects"),
        eventsourcing.persistence.OperationalError("near SELEC: syntax error"),
        eventsourcing.persistence.IntegrityError("duplicate key"),
        ValueError("database is locked"),
    ],
)
def test_mistakes_are_not_taken_for_an_unavailable_database(error: Exception) -> None:
    assert not database_unavailable(error)


def test_a_full_disk_says_so() -> None:
    _, body, headers = unavailable_answer(sqlite3.OperationalError("database or disk is full"))
    assert "no space left" in str(body["detail"])
    assert headers["Retry-After"]


def test_no_connection_within_the_wait_is_a_fast_503(postgres_schema: str) -> None:
    """The pool waits `JALON_DATABASE_WAIT` seconds for a connection, not 10: while the server
    is down (or every connection is busy) a request answers 503 within about that."""
    database = open_database(parse_database_url(postgres_schema), pool_size=1, wait=0.5)
    try:
        with database.transaction() as held:  # the only connection, busy
            held.execute("SELECT 1")
            started = time.monotonic()
            with pytest.raises(DatabaseUnavailable) as refused, database.reading():
                pass
            waited = time.monotonic() - started
        assert 0.4 <= waited <= 2.0
        assert unavailable_answer(refused.value)[0] == 503
        with database.reading() as cursor:  # once free again, it serves
            assert cursor.scalar("SELECT 1") == 1
    finally:
        database.close()
