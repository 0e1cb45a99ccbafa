"""Rebuilds and crashes: a rebuilt view is identical, row for row, to the one kept
incrementally; a worker that dies between reading events and committing the views (at random
points: before or after each view's part of a batch) never applies an event twice nor skips
one. (A killed process is the same to the database: its open transaction is rolled back.)"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

from bench.history import SyntheticHistory
from infrastructure.bootstrap import Jalon
from infrastructure.database import Cursor
from projections.base import Projection
from projections.events import RecordedEvent
from projections.registry import all_projections
from projections.runner import ProjectionRunner

EVENTS = 400  # 4 projects and 6 people over a year


def snapshot(jalon: Jalon) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every view, in a stable order."""
    tables = [t for p in jalon.runner.projections for t in p.tables]
    with jalon.database.reading() as cursor:
        return {
            table: sorted(
                (tuple(r.values()) for r in cursor.execute(f"SELECT * FROM {table}").fetchall()),
                key=repr,
            )
            for table in tables
        }


def test_rebuilt_and_crash_replayed_views_are_identical_to_the_incremental_ones(
    jalon: Jalon,
) -> None:
    """A small history, the views kept up to date month after month; then rebuilt; then
    rebuilt again by workers that die at random points."""
    history = SyntheticHistory(jalon, EVENTS, months=12)
    history.record(batch=100, progress=lambda _: jalon.runner.catch_up())
    jalon.runner.catch_up()
    _a_rebuilt_view_is_identical_row_for_row_to_the_incremental_one(jalon)
    _a_worker_dying_at_random_points_applies_every_event_exactly_once(jalon)


def _a_rebuilt_view_is_identical_row_for_row_to_the_incremental_one(recorded: Jalon) -> None:
    incremental = snapshot(recorded)
    assert len(incremental["timesheets"]) > 250 and len(incremental["portfolio_history"]) > 50
    recorded.runner.batch_size = 97  # other batch boundaries than while recording
    assert recorded.runner.rebuild() == recorded.runner.log.head_position()
    assert snapshot(recorded) == incremental


class Crash(Exception):
    """The worker dies here."""


class Fragile(Projection):
    """A view that may die before or after writing its part of a batch."""

    def __init__(self, inner: Projection, rng: random.Random) -> None:
        self.inner = inner
        self.rng = rng
        self.name = inner.name  # type: ignore[misc]
        self.version = inner.version  # type: ignore[misc]
        self.tables = inner.tables  # type: ignore[misc]

    def ddl(self, database: Any) -> list[str]:
        return self.inner.ddl(database)

    def handles(self, event: RecordedEvent) -> bool:
        return self.inner.handles(event)

    def apply(self, cursor: Cursor, events: Sequence[RecordedEvent]) -> None:
        if self.rng.random() < 0.05:
            raise Crash(f"before {self.name}")
        self.inner.apply(cursor, events)
        if self.rng.random() < 0.05:
            raise Crash(f"after {self.name}")


def _a_worker_dying_at_random_points_applies_every_event_exactly_once(recorded: Jalon) -> None:
    reference = snapshot(recorded)
    head = recorded.runner.log.head_position()
    rng = random.Random(4)
    with recorded.database.transaction() as cursor:
        for projection in recorded.runner.projections:  # empty views, tracked at 0
            for table in projection.tables:
                cursor.execute(f"DELETE FROM {table}")
        cursor.execute("UPDATE projection_tracking SET position=0")
    crashes = 0
    while True:
        # each restart is a new worker: fresh views, nothing kept in memory from before
        fragile = [Fragile(p, rng) for p in all_projections()]
        worker = ProjectionRunner(recorded.database, recorded.runner.log, fragile, batch_size=11)
        try:
            if worker.catch_up() >= head:
                break
        except Crash:
            crashes += 1
    assert crashes > 5
    assert {s.position for s in recorded.runner.status()} == {head}
    assert snapshot(recorded) == reference
