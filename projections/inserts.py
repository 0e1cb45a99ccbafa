"""Rows to insert, grouped by table: one bulk insert per table (`Cursor.insert_many`) instead
of one round trip per row (bulk loads create thousands of objects in a row)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from infrastructure.database import Cursor


class Insert(NamedTuple):
    """Where rows go: a table and its columns, constants of a view."""

    table: str
    columns: tuple[str, ...]


class PendingInserts:
    def __init__(self) -> None:
        self._rows: dict[Insert, list[Sequence[Any]]] = {}

    def add(self, insert: Insert, *rows: Sequence[Any]) -> None:
        self._rows.setdefault(insert, []).extend(rows)

    def flush(self, cursor: Cursor) -> None:
        """Write what waits; call it before any statement that may read or change it."""
        for insert, rows in self._rows.items():
            cursor.insert_many(insert.table, insert.columns, rows)
        self._rows.clear()
