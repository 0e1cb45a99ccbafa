"""Projection worker crash at random points: the catch-up transaction dies at a random SQL
statement (reading the log, writing a view, moving the tracked position), as a killed worker's
connection would; a fresh runner (a restarted worker) carries on. Whatever the crash points,
the views end equal to a rebuild from scratch: no event applied twice or skipped.

(`test_api_crash.py` kills real processes that run the projections inline.)"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from bench.portfolio_data import past_month, weather
from infrastructure.bootstrap import Jalon
from infrastructure.database import Cursor, Database
from projections.registry import all_projections
from projections.runner import ProjectionRunner
from tests.faults.conftest import size
from tests.faults.helpers import views
from tests.integration.helpers import register
from tests.support import Group

CRASHES = size(6, 50)


class Crash(Exception):
    """The worker dies here."""


class CrashingCursor:
    def __init__(self, cursor: Cursor, countdown: list[int]) -> None:
        self._cursor = cursor
        self._countdown = countdown

    def _tick(self) -> None:
        self._countdown[0] -= 1
        if self._countdown[0] == 0:
            raise Crash

    def execute(self, sql: str, params: Any = ()) -> Any:
        self._tick()
        self._cursor.execute(sql, params)
        return self

    def executemany(self, sql: str, rows: Any) -> None:
        self._tick()
        self._cursor.executemany(sql, rows)

    def scalar(self, sql: str, params: Any = ()) -> Any:
        self._tick()
        return self._cursor.scalar(sql, params)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._cursor, name)


class CrashingDatabase:
    """The real database; its write transactions die at the countdown's statement."""

    def __init__(self, database: Database, countdown: int) -> None:
        self._database = database
        self._countdown = [countdown]

    @contextmanager
    def transaction(self, *, durable: bool = True) -> Iterator[Any]:
        with self._database.transaction(durable=durable) as cursor:
            yield CrashingCursor(cursor, self._countdown)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._database, name)


def _write_some(jalon: Jalon, group: Group, rng: random.Random, projects: list[Any]) -> None:
    for _ in range(rng.randint(3, 12)):
        project = rng.choice(projects)
        jalon.projects.report_status(
            group.manager, project, month=past_month(rng.randrange(24), jalon.today()),
            weather=weather(rng), comment="",
        )  # fmt: skip


def test_views_equal_a_rebuild_whatever_the_crash_points(jalon: Jalon, group: Group) -> None:
    rng = random.Random(50)
    projects = [register(jalon, group, code=f"W-{n}").id for n in range(4)]
    crashed = 0
    for _ in range(CRASHES):
        _write_some(jalon, group, rng, projects)
        database = CrashingDatabase(jalon.database, countdown=rng.randint(1, 40))
        worker = ProjectionRunner(
            database,  # type: ignore[arg-type]
            jalon.runner.log,
            all_projections(jalon.runner.log.table),
            batch_size=7,
        )
        try:
            worker.catch_up()
        except Crash:
            crashed += 1
    assert crashed >= CRASHES // 2  # most runs died part-way
    head = jalon.runner.catch_up()
    assert head == jalon.runner.log.head_position()
    incremental = views(jalon)
    assert incremental["project_status_reports"]  # the views hold something to compare
    jalon.runner.rebuild()
    assert views(jalon) == incremental
