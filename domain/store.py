"""The event store: one eventsourcing Application holding every aggregate of the group."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from copy import deepcopy
from datetime import date
from typing import TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError, JSONTranscoder, Transcoding
from eventsourcing.utils import Environment, EnvType

from domain.aggregate import JalonAggregate
from domain.errors import Conflict, NotFound
from domain.group_commit import GroupCommit, collected

A = TypeVar("A", bound=JalonAggregate)


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class _Batch:
    def __init__(self) -> None:
        self.aggregates: dict[UUID, JalonAggregate] = {}
        self.read: dict[UUID, JalonAggregate] = {}  # as recorded when the batch first read it
        self.last_position = 0


_batch: ContextVar[_Batch | None] = ContextVar("jalon_batch", default=None)


class EventStore(Application[UUID]):
    """Configured only by the environment it is given (never by os.environ), so that one
    Settings object decides where events go."""

    name = "jalon"

    def __init__(self, env: EnvType | None = None) -> None:
        super().__init__(env)
        # concurrent commands share transactions (domain/group_commit.py)
        self.group_commit = GroupCommit(self._record)

    def construct_env(self, name: str, env: Mapping[str, str] | None = None) -> Environment:
        return Environment(name, dict(env or {}))

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())

    def get(self, aggregate_id: UUID) -> JalonAggregate:
        """The aggregate as recorded, or as changed earlier in the current batch.

        A batch reads each aggregate once (this process's cached copy when it has one, else
        the store): one snapshot for the whole batch, like its one transaction. A concurrent
        change elsewhere makes the batch fail at commit, recording nothing. Each command gets
        its own copy."""
        batch = _batch.get()
        if batch is None:
            aggregate: JalonAggregate = self.repository.get(aggregate_id)
            return aggregate
        if aggregate_id in batch.aggregates:
            return batch.aggregates[aggregate_id]
        return deepcopy(self._batch_snapshot(batch, aggregate_id))

    def read(self, aggregate_class: type[A], aggregate_id: UUID, *, what: str) -> A:
        """Like `load`, for reading only (checks, authorization): inside a batch, the batch's
        shared snapshot, not a copy. Never change what it returns."""
        batch = _batch.get()
        if batch is None or aggregate_id in batch.aggregates:
            return self.load(aggregate_class, aggregate_id, what=what)
        try:
            aggregate = self._batch_snapshot(batch, aggregate_id)
        except AggregateNotFoundError:
            raise NotFound(f"{what} not found") from None
        if not isinstance(aggregate, aggregate_class):
            raise NotFound(f"{what} not found")
        return aggregate

    def _batch_snapshot(self, batch: _Batch, aggregate_id: UUID) -> JalonAggregate:
        snapshot = batch.read.get(aggregate_id)
        if snapshot is None:
            cache = self.repository.cache
            try:
                cached = cache.get(aggregate_id) if cache is not None else None
            except KeyError:
                cached = None
            if cached is None:
                cached = self.repository.get(aggregate_id, deepcopy_from_cache=False)
            assert isinstance(cached, JalonAggregate)
            snapshot = batch.read[aggregate_id] = cached
        return snapshot

    def load(self, aggregate_class: type[A], aggregate_id: UUID, *, what: str) -> A:
        """Get an aggregate of the expected class, or raise NotFound naming `what`."""
        try:
            aggregate = self.get(aggregate_id)
        except AggregateNotFoundError:
            raise NotFound(f"{what} not found") from None
        if not isinstance(aggregate, aggregate_class):
            raise NotFound(f"{what} not found")
        return aggregate

    def require_absent(self, aggregate_id: UUID, duplicate: Conflict) -> None:
        """Raise `duplicate` when an aggregate with this id (derived from a unique code)
        exists; the store's primary key still refuses a concurrent twin at commit."""
        if self.exists(aggregate_id):
            raise duplicate

    def exists(self, aggregate_id: UUID) -> bool:
        batch = _batch.get()
        if batch is not None and (aggregate_id in batch.aggregates or aggregate_id in batch.read):
            return True
        return bool(self.recorder.select_events(aggregate_id, limit=1))

    def record(self, *aggregates: JalonAggregate, conflict: Conflict | None = None) -> int:
        """Save the aggregates' new events atomically; return the last event's position.

        Inside `batch()`, the events wait for the end of the batch (position 0 until then).
        A concurrent write to the same aggregate raises `conflict` (or a generic Conflict)."""
        batch = _batch.get()
        if batch is not None:
            for aggregate in aggregates:
                batch.aggregates[aggregate.id] = aggregate
            return 0
        return self._save(list(aggregates), conflict)

    @contextmanager
    def batch(self) -> Iterator[_Batch]:
        """Record the events of many commands in one transaction (bulk loads: the demo,
        imports). Commands in the batch see each other's changes; if the block raises,
        nothing is recorded."""
        if _batch.get() is not None:
            raise RuntimeError("batches do not nest")
        batch = _Batch()
        token = _batch.set(batch)
        try:
            yield batch
        finally:
            _batch.reset(token)
        batch.last_position = self._save(list(batch.aggregates.values()), None)

    @contextmanager
    def joined_batch(self) -> Iterator[_Batch]:
        """The batch already open (its transaction records these events too), or a new one."""
        current = _batch.get()
        if current is not None:
            yield current
            return
        with self.batch() as batch:
            yield batch

    def _save(self, aggregates: list[JalonAggregate], conflict: Conflict | None) -> int:
        try:
            recordings = self.group_commit.record(collected(*aggregates))
        except IntegrityError:
            raise conflict or Conflict(
                "the object was changed by someone else meanwhile: reload it and try again"
            ) from None
        # The library leaves its cache behind when it fast-forwards on reads; keep what it
        # holds current with what this process recorded, so that batches can read from it.
        # Aggregates it does not hold enter it when first read: a bulk import of thousands of
        # new time sheets would otherwise push out the people and projects commands read.
        cache = self.repository.cache
        if cache is not None:
            for aggregate in aggregates:
                if aggregate.id in cache.cache:
                    cache.put(aggregate.id, aggregate)
        return max((r.notification.id for r in recordings), default=0)
