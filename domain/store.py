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
from eventsourcing.utils import Environment

from domain.aggregate import JalonAggregate
from domain.errors import Conflict, NotFound

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
        self.read: dict[UUID, JalonAggregate] = {}  # read, not changed, in this batch
        self.last_position = 0


_batch: ContextVar[_Batch | None] = ContextVar("jalon_batch", default=None)


class EventStore(Application[UUID]):
    """Configured only by the environment it is given (never by os.environ), so that one
    Settings object decides where events go."""

    name = "jalon"

    def construct_env(self, name: str, env: Mapping[str, str] | None = None) -> Environment:
        return Environment(name, dict(env or {}))

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())

    def get(self, aggregate_id: UUID) -> JalonAggregate:
        """The aggregate as recorded, or as changed earlier in the current batch."""
        batch = _batch.get()
        if batch is None:
            aggregate: JalonAggregate = self.repository.get(aggregate_id)
            return aggregate
        if aggregate_id in batch.aggregates:
            return batch.aggregates[aggregate_id]
        if aggregate_id not in batch.read:  # a batch is one writer: read each aggregate once
            batch.read[aggregate_id] = self.repository.get(aggregate_id)
        return deepcopy(batch.read[aggregate_id])

    def load(self, aggregate_class: type[A], aggregate_id: UUID, *, what: str) -> A:
        """Get an aggregate of the expected class, or raise NotFound naming `what`."""
        try:
            aggregate = self.get(aggregate_id)
        except AggregateNotFoundError:
            raise NotFound(f"{what} not found") from None
        if not isinstance(aggregate, aggregate_class):
            raise NotFound(f"{what} not found")
        return aggregate

    def exists(self, aggregate_id: UUID) -> bool:
        batch = _batch.get()
        if batch is not None and aggregate_id in batch.aggregates:
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

    def _save(self, aggregates: list[JalonAggregate], conflict: Conflict | None) -> int:
        try:
            recordings = self.save(*aggregates)
        except IntegrityError:
            raise conflict or Conflict(
                "the object was changed by someone else meanwhile: reload it and try again"
            ) from None
        return max((r.notification.id for r in recordings), default=0)
