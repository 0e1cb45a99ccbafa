"""Every adoption of a rule set, with its full text: which rules were in force when."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from infrastructure.database import Cursor, Database
from infrastructure.sqlvalues import timestamp_text
from projections.base import Projection
from projections.events import RecordedEvent


class RuleSetProjection(Projection):
    name = "rule_sets"
    version = 1
    tables = ("rule_set_adoptions",)
    topics_prefixes: ClassVar[tuple[str, ...]] = ("domain.rulebook:RuleBook.RuleSetAdopted",)

    def ddl(self, database: Database) -> list[str]:
        return [
            "CREATE TABLE IF NOT EXISTS rule_set_adoptions ("
            "position BIGINT PRIMARY KEY, content_hash TEXT NOT NULL, name TEXT NOT NULL, "
            "version BIGINT NOT NULL, source TEXT NOT NULL, adopted_at TEXT NOT NULL, "
            "adopted_by TEXT NOT NULL, reason TEXT NOT NULL)",
            "CREATE INDEX IF NOT EXISTS rule_set_adoptions_at ON rule_set_adoptions (adopted_at)",
        ]

    def apply(self, cursor: Cursor, events: Sequence[RecordedEvent]) -> None:
        for event in events:
            d = event.data
            cursor.execute(
                "INSERT INTO rule_set_adoptions (position, content_hash, name, version, source, "
                "adopted_at, adopted_by, reason) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                (
                    event.position, d["content_hash"], d["name"], d["version"], d["source"],
                    timestamp_text(event.timestamp), event.actor, d["reason"],
                ),
            )  # fmt: skip
