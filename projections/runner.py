"""Keeps the views up to date: reads the log in batches after the views' tracked position and
writes view rows and the new position in one transaction (exactly once, on both backends)."""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from domain.clock import event_timestamp
from infrastructure.database import Cursor, Database
from infrastructure.sqlvalues import timestamp_text
from projections.base import Projection
from projections.events import RecordedEvent
from projections.log import EventLog

TRACKING_DDL = (
    "CREATE TABLE IF NOT EXISTS projection_tracking ("
    "name TEXT PRIMARY KEY, version BIGINT NOT NULL, position BIGINT NOT NULL, "
    "updated_at TEXT NOT NULL)"
)

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], None]  # (position reached, head position)
# Starts catching up the named views (reset already) in another process, `batch` events per
# transaction; returns the function that waits for it and raises if it failed.
RebuildElsewhere = Callable[[Sequence[str], int], Callable[[], None]]
# Batches a rebuild applies per transaction: one batch in memory at a time, fewer commits.
REBUILD_READS = 5


@dataclass(frozen=True)
class ViewStatus:
    name: str
    version: int
    position: int
    head: int

    @property
    def lag(self) -> int:
        return max(self.head - self.position, 0)


class ProjectionRunner:
    def __init__(
        self,
        database: Database,
        log: EventLog,
        projections: Sequence[Projection],
        *,
        batch_size: int = 1000,
        rebuild_batch_size: int = 10_000,
        rebuild_elsewhere: RebuildElsewhere | None = None,
    ) -> None:
        self.database = database
        self.log = log
        self.projections = list(projections)
        self.batch_size = batch_size
        # a rebuild applies larger batches: fewer statements and commits per event
        self.rebuild_batch_size = rebuild_batch_size
        # where self-contained views can be rebuilt beside the others (PostgreSQL)
        self.rebuild_elsewhere = rebuild_elsewhere
        # This runner's views only: runners of other views (a rebuild's other process) keep
        # their own tracking rows, locked by them alone.
        self._names = tuple(p.name for p in self.projections)
        mine = f"name IN ({', '.join(['%s'] * len(self._names))})"
        self._select = f"SELECT name, version, position FROM projection_tracking WHERE {mine}"  # noqa: S608
        self._move = f"UPDATE projection_tracking SET position=%s, updated_at=%s WHERE position < %s AND {mine}"  # noqa: S608
        self._catch_up_lock = threading.Lock()
        self._known_position = 0

    # -- set-up ------------------------------------------------------------------------
    def setup(self) -> list[str]:
        """Create missing tables; rebuild (from 0) views whose version changed.
        Returns the names of the views reset."""
        reset: list[str] = []
        with self.database.transaction() as cursor:
            cursor.execute(TRACKING_DDL)
            stored = self._tracked(cursor, lock=True)
            for projection in self.projections:
                version = stored.get(projection.name, (None, 0))[0]
                if version is not None and version != projection.version:
                    self._drop(cursor, projection)
                    reset.append(projection.name)
                for statement in projection.ddl(self.database):
                    cursor.execute(statement)
                if version != projection.version:
                    self._track(cursor, projection, 0)
        return reset

    # -- catching up -------------------------------------------------------------------
    def catch_up(self, progress: Progress | None = None, until: int | None = None) -> int:
        """Apply every event not yet in the views; return the position reached.

        With `until`, return at once when the views are known to be there already (another
        thread caught up while this one waited for the lock)."""
        with self._catch_up_lock:
            if until is not None and self._known_position >= until:
                return self._known_position
            return self._catch_up(progress, self.batch_size)

    def _catch_up(self, progress: Progress | None, batch_size: int, reads: int = 1) -> int:
        """Apply what is new, `batch_size` events read at a time, `reads` reads per
        transaction."""
        while True:
            complete, position = self._apply_next_transaction(batch_size, reads)
            self._known_position = max(self._known_position, position)
            if progress:
                progress(position, max(position, self.log.head_position()))
            if complete:
                return self._known_position

    def fill(self, batch_size: int, progress: Progress | None = None) -> int:
        """Catch up views just reset (a rebuild): `REBUILD_READS` batches per transaction,
        so that each page of their indexes is written out fewer times."""
        with self._catch_up_lock:
            return self._catch_up(progress, batch_size, REBUILD_READS)

    def has_pending_events(self) -> bool:
        return self.log.head_position() > self._known_position

    def _apply_next_transaction(self, batch_size: int, reads: int) -> tuple[bool, int]:
        """Apply up to `reads` batches in one transaction; return whether the log's end was
        reached and the position reached. Only one batch of events is held at a time."""
        with self.database.transaction(durable=False) as cursor:
            tracked = self._tracked(cursor, lock=True)
            positions = {p.name: tracked.get(p.name, (p.version, 0))[1] for p in self.projections}
            end = min(positions.values(), default=0)
            applied, complete = 0, False
            for _ in range(reads):
                events = self.log.read(cursor, end, batch_size)
                if events:
                    self._apply(cursor, events, positions)
                    end = events[-1].position
                    applied += len(events)
                if len(events) < batch_size:
                    complete = True
                    break
            if applied:
                self._move_to(cursor, end)
            return complete, end

    def _apply(
        self, cursor: Cursor, events: list[RecordedEvent], positions: dict[str, int]
    ) -> None:
        """Apply events to the views still behind them; `positions` moves with them."""
        # a view handles events by topic (Projection.handles): ask once per topic
        first_of_topic: dict[str, RecordedEvent] = {}
        for event in events:
            first_of_topic.setdefault(event.topic, event)
        end = events[-1].position
        for projection in self.projections:
            after = positions[projection.name]
            topics = {t for t, e in first_of_topic.items() if projection.handles(e)}
            mine = [e for e in events if e.topic in topics and e.position > after]
            if mine:
                projection.apply(cursor, mine)
            positions[projection.name] = max(after, end)

    def _move_to(self, cursor: Cursor, end: int) -> None:
        # Only views behind move forward: a view rebuilt alone must not drag the others
        # back to its position (they would apply the same events twice).
        cursor.execute(self._move, (end, timestamp_text(event_timestamp()), end, *self._names))

    def position(self) -> int:
        """The position every view has reached."""
        with self.database.reading() as cursor:
            tracked = self._tracked(cursor, lock=False)
        positions = [tracked.get(p.name, (0, 0))[1] for p in self.projections]
        position = min(positions, default=0)
        self._known_position = max(self._known_position, position)
        return position

    def wait_for(self, position: int, timeout: float, *, inline: bool) -> bool:
        """Read-your-writes: return once every view shows `position` (True), or after
        `timeout` seconds (False). Inline, this thread catches up itself."""
        if self._known_position >= position:
            return True
        deadline = time.monotonic() + timeout
        while True:
            if inline:
                if self.catch_up(until=position) >= position:
                    return True
            elif self.position() >= position:
                return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.01 if not inline else 0.05)

    # -- rebuilding --------------------------------------------------------------------
    def rebuild(self, names: Sequence[str] | None = None, progress: Progress | None = None) -> int:
        """Drop the named views (all by default) and replay the whole log into them."""
        chosen = [p for p in self.projections if names is None or p.name in names]
        unknown = set(names or ()) - {p.name for p in self.projections}
        if unknown:
            raise ValueError(f"no view named {', '.join(sorted(unknown))}")
        with self._catch_up_lock:
            with self.database.transaction() as cursor:
                self._tracked(cursor, lock=True)
                for projection in chosen:
                    self._drop(cursor, projection)
                    for statement in projection.ddl(self.database):
                        if not _query_index(projection, statement):
                            cursor.execute(statement)
                    self._track(cursor, projection, 0)
            self._known_position = 0
            self._rebuild_shares(chosen, progress)
            position = self.position()
            # A rebuild stopped before this point leaves them to the next start (`setup`).
            with self.database.transaction() as cursor:
                for projection in chosen:
                    for statement in projection.ddl(self.database):
                        if _query_index(projection, statement):
                            cursor.execute(statement)
            return position

    def _rebuild_shares(self, chosen: Sequence[Projection], progress: Progress | None) -> None:
        """Catch the reset views up: the self-contained ones in another process when there
        is one to take them (both cores), the others here."""
        apart = [p for p in chosen if p.self_contained] if self.rebuild_elsewhere else []
        here = [p for p in chosen if p not in apart]
        if not here or not apart:
            here, apart = list(chosen), []
        wait = None
        if apart and self.rebuild_elsewhere is not None:
            wait = self.rebuild_elsewhere([p.name for p in apart], self.rebuild_batch_size)
        try:
            runner = ProjectionRunner(self.database, self.log, here)
            runner.fill(self.rebuild_batch_size, progress)
        finally:
            if wait is not None:
                wait()

    def status(self) -> list[ViewStatus]:
        with self.database.reading() as cursor:
            tracked = self._tracked(cursor, lock=False)
            head = self.log.head(cursor)
        return [
            ViewStatus(p.name, p.version, tracked.get(p.name, (p.version, 0))[1], head)
            for p in self.projections
        ]

    # -- tracking ----------------------------------------------------------------------
    def _tracked(self, cursor: Cursor, *, lock: bool) -> dict[str, tuple[int, int]]:
        sql = self._select
        if lock:
            sql += self.database.lock_rows_clause()
        rows = cursor.execute(sql, self._names).fetchall()
        return {r["name"]: (r["version"], r["position"]) for r in rows}

    def _track(self, cursor: Cursor, projection: Projection, position: int) -> None:
        cursor.execute(
            "INSERT INTO projection_tracking (name, version, position, updated_at) "
            "VALUES (%s, %s, %s, %s) ON CONFLICT (name) DO UPDATE SET "
            "version=excluded.version, position=excluded.position, updated_at=excluded.updated_at",
            (projection.name, projection.version, position, timestamp_text(event_timestamp())),
        )

    @staticmethod
    def _drop(cursor: Cursor, projection: Projection) -> None:
        for table in projection.tables:
            cursor.execute(f"DROP TABLE IF EXISTS {table}")


_INDEX_NAME = re.compile(r"CREATE (?:UNIQUE )?INDEX IF NOT EXISTS (\w+)", re.IGNORECASE)


def _query_index(projection: Projection, statement: str) -> bool:
    """Whether the statement creates one of the view's query-only indexes."""
    named = _INDEX_NAME.match(statement)
    return named is not None and named.group(1) in projection.query_indexes


class BackgroundCatchUp:
    """Inline mode: a daemon thread that also picks up events written by other processes."""

    def __init__(self, runner: ProjectionRunner, interval: float = 1.0) -> None:
        self.runner = runner
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="jalon-projections", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                if self.runner.has_pending_events():
                    self.runner.catch_up()
            except Exception:
                logger.exception("projection catch-up failed; retrying in %.1f s", self.interval)
