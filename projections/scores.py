"""Every priority scoring of every project, kept in full: the scores as they stood at any
instant are the latest per criterion recorded up to it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from infrastructure.database import Cursor, Database
from infrastructure.sqlvalues import timestamp_text
from projections.base import Projection
from projections.events import RecordedEvent


class ScoresProjection(Projection):
    name = "priority_scores"
    version = 1
    tables = ("project_scores",)
    topics_prefixes: ClassVar[tuple[str, ...]] = ("domain.scoring:ProjectScores.Scored",)

    def ddl(self, database: Database) -> list[str]:
        return [
            "CREATE TABLE IF NOT EXISTS project_scores ("
            "position BIGINT NOT NULL, project_id TEXT NOT NULL, criterion TEXT NOT NULL, "
            "value BIGINT NOT NULL, scored_at TEXT NOT NULL, scored_by TEXT NOT NULL, "
            "reason TEXT NOT NULL, rule_set_hash TEXT NOT NULL, "
            "PRIMARY KEY (position, criterion))",
            "CREATE INDEX IF NOT EXISTS project_scores_project ON project_scores (project_id)",
        ]

    def apply(self, cursor: Cursor, events: Sequence[RecordedEvent]) -> None:
        rows = [
            (
                event.position, str(event.data["project_id"]), criterion, value,
                timestamp_text(event.timestamp), event.actor, event.data["reason"],
                event.data["rule_set_hash"],
            )
            for event in events
            for criterion, value in event.data["scores"].items()
        ]  # fmt: skip
        if rows:
            cursor.executemany(
                "INSERT INTO project_scores (position, project_id, criterion, value, scored_at, "
                "scored_by, reason, rule_set_hash) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                rows,
            )
