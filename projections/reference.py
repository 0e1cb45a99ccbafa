"""Establishments and functional areas."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from infrastructure.database import Cursor, Database
from infrastructure.sqlvalues import timestamp_text
from projections.base import Projection
from projections.events import RecordedEvent


class ReferenceProjection(Projection):
    name = "reference"
    version = 1
    tables = ("reference_entries",)
    topics_prefixes: ClassVar[tuple[str, ...]] = ("domain.reference:",)

    def ddl(self, database: Database) -> list[str]:
        return [
            "CREATE TABLE IF NOT EXISTS reference_entries ("
            "entry_id TEXT PRIMARY KEY, category TEXT NOT NULL, code TEXT NOT NULL, "
            "name TEXT NOT NULL, active BIGINT NOT NULL, defined_at TEXT NOT NULL, "
            "updated_at TEXT NOT NULL, UNIQUE (category, code))"
        ]

    def apply(self, cursor: Cursor, events: Sequence[RecordedEvent]) -> None:
        for event in events:
            entry_id = event.object_id
            at = timestamp_text(event.timestamp)
            match event.name:
                case "ReferenceEntry.Defined":
                    cursor.execute(
                        "INSERT INTO reference_entries (entry_id, category, code, name, active, "
                        "defined_at, updated_at) VALUES (%s, %s, %s, %s, 1, %s, %s)",
                        (entry_id, event.data["category"], event.data["code"], event.data["name"],
                         at, at),
                    )  # fmt: skip
                case "ReferenceEntry.Renamed":
                    cursor.execute(
                        "UPDATE reference_entries SET name=%s, updated_at=%s WHERE entry_id=%s",
                        (event.data["name"], at, entry_id),
                    )
                case "ReferenceEntry.Retired" | "ReferenceEntry.Reinstated":
                    cursor.execute(
                        "UPDATE reference_entries SET active=%s, updated_at=%s WHERE entry_id=%s",
                        (int(event.name == "ReferenceEntry.Reinstated"), at, entry_id),
                    )
