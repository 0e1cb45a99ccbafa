"""What every read model provides to the runner."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import ClassVar

from infrastructure.database import Cursor, Database
from projections.events import RecordedEvent


class Projection(ABC):
    """One read model: its tables, its version, and how events change it.

    Bump `version` whenever the tables or the logic change: the runner then rebuilds the
    view from position 0 on start."""

    name: ClassVar[str]
    version: ClassVar[int]
    tables: ClassVar[tuple[str, ...]]
    topics_prefixes: ClassVar[tuple[str, ...]] = ()
    # Indexes that only queries read, never `apply`: a rebuild creates them once the view
    # is full (one sort) instead of keeping them up to date row after row.
    query_indexes: ClassVar[frozenset[str]] = frozenset()
    # Reads no other view's tables and no other view reads its own: a rebuild may fill it
    # in another process, beside the others.
    self_contained: ClassVar[bool] = False

    @abstractmethod
    def ddl(self, database: Database) -> list[str]:
        """CREATE TABLE / INDEX statements (IF NOT EXISTS)."""

    def handles(self, event: RecordedEvent) -> bool:
        """By the event's topic only (the runner asks once per topic and batch)."""
        return not self.topics_prefixes or event.topic.startswith(self.topics_prefixes)

    @abstractmethod
    def apply(self, cursor: Cursor, events: Sequence[RecordedEvent]) -> None:
        """Apply events (already filtered by `handles`) in the runner's transaction."""
