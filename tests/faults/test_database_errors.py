"""Which failures mean "the database cannot serve now" (503) and which stay 500."""

from __future__ import annotations

import sqlite3

import eventsourcing.persistence
import psycopg
import pytest

from api.errors import database_unavailable, unavailable_answer
from infrastructure.database import DatabaseUnavailable


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
