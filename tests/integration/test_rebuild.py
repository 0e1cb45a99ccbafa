"""A rebuilt view is identical, row for row, to the one kept incrementally, on a synthetic
history of a year (every view table, the portfolio's history included). Workers dying at
random points are tested in tests/faults/test_projection_worker_crash.py."""

from __future__ import annotations

from typing import Any

from bench.history import SyntheticHistory
from bench.write_floor import write_floor
from infrastructure.bootstrap import Jalon

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


def test_rebuilt_views_are_identical_to_the_incremental_ones(jalon: Jalon) -> None:
    """A small history, the views kept up to date month after month; then rebuilt."""
    history = SyntheticHistory(jalon, EVENTS, months=12)
    history.record(batch=100, progress=lambda _: jalon.runner.catch_up())
    jalon.runner.catch_up()
    _a_rebuilt_view_is_identical_row_for_row_to_the_incremental_one(jalon)


def _a_rebuilt_view_is_identical_row_for_row_to_the_incremental_one(recorded: Jalon) -> None:
    incremental = snapshot(recorded)
    assert len(incremental["timesheets"]) > 250 and len(incremental["portfolio_history"]) > 50
    every_index = indexes(recorded)
    recorded.runner.rebuild_batch_size = 97  # other batch boundaries than while recording
    assert recorded.runner.rebuild() == recorded.runner.log.head_position()
    assert snapshot(recorded) == incremental
    # the query-only indexes, left out while the views filled, are there again
    assert indexes(recorded) == every_index


def indexes(jalon: Jalon) -> set[str]:
    sql = (
        "SELECT name FROM sqlite_master WHERE type = 'index'"
        if jalon.database.dialect == "sqlite"
        else "SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema()"
    )
    with jalon.database.reading() as cursor:
        return {r["name"] for r in cursor.execute(sql).fetchall()}


def test_query_indexes_name_indexes_of_their_view(jalon: Jalon) -> None:
    deferred = 0
    for projection in jalon.runner.projections:
        created = " ".join(projection.ddl(jalon.database))
        for name in projection.query_indexes:
            assert f"INDEX IF NOT EXISTS {name} ON" in created, (projection.name, name)
            deferred += 1
    assert deferred >= 8


def test_the_write_floor_copies_every_view_row_and_leaves_nothing(jalon: Jalon) -> None:
    SyntheticHistory(jalon, 200, months=6).record(batch=100)
    jalon.runner.catch_up()
    rows = sum(len(r) for r in snapshot(jalon).values())
    tables = indexes(jalon)
    seconds, copied = write_floor(jalon)
    assert copied == rows > 200 and seconds > 0
    assert indexes(jalon) == tables  # the twins and their indexes are gone
