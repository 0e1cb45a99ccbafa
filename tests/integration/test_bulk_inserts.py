"""`Cursor.insert_many`: the views' bulk inserts (executemany on SQLite, COPY on PostgreSQL)
store every value as a statement would, and a refused row voids the whole transaction."""

from __future__ import annotations

import pytest

from infrastructure.bootstrap import Jalon
from infrastructure.database import IntegrityViolation

ROWS = [
    ("a", 1, "text with 'quotes', a tab\t, a newline\n and a backslash \\", None),
    ("b", -2, "", "établissement, 100 %"),
    ("c", 3_000_000_000, "N", "NULL"),
]


def test_rows_come_back_as_inserted(jalon: Jalon) -> None:
    with jalon.database.transaction() as cursor:
        cursor.execute(
            "CREATE TABLE bulk_rows (key TEXT PRIMARY KEY, n BIGINT NOT NULL, "
            "body TEXT NOT NULL, note TEXT)"
        )
        cursor.insert_many("bulk_rows", ("key", "n", "body", "note"), ROWS)
        cursor.insert_many("bulk_rows", ("key", "n", "body", "note"), [])
    with jalon.database.reading() as cursor:
        stored = cursor.execute("SELECT key, n, body, note FROM bulk_rows ORDER BY key")
        assert [tuple(r.values()) for r in stored.fetchall()] == ROWS  # 3e9: beyond 32 bits


def test_a_refused_row_voids_the_transaction(jalon: Jalon) -> None:
    with jalon.database.transaction() as cursor:
        cursor.execute("CREATE TABLE bulk_keys (key TEXT PRIMARY KEY)")

    def record() -> None:
        with jalon.database.transaction() as cursor:
            cursor.execute("INSERT INTO bulk_keys (key) VALUES (%s)", ("before",))
            cursor.insert_many("bulk_keys", ("key",), [("x",), ("y",), ("x",)])

    with pytest.raises(IntegrityViolation):
        record()
    with jalon.database.reading() as cursor:
        assert cursor.scalar("SELECT COUNT(*) FROM bulk_keys") == 0
