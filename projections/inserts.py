"""Rows to insert, grouped by statement: one `executemany` per statement instead of one
round trip per row (bulk loads create thousands of objects in a row)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from infrastructure.database import Cursor


class PendingInserts:
    def __init__(self) -> None:
        self._rows: dict[str, list[Sequence[Any]]] = {}

    def add(self, sql: str, *rows: Sequence[Any]) -> None:
        self._rows.setdefault(sql, []).extend(rows)

    def flush(self, cursor: Cursor) -> None:
        """Write what waits; call it before any statement that may read or change it."""
        for sql, rows in self._rows.items():
            cursor.executemany(sql, rows)
        self._rows.clear()
