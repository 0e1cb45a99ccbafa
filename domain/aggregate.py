"""The base of every Jalon aggregate: events carry who acted (`actor`) and are stamped by
`domain.clock`."""

from __future__ import annotations

from copy import copy
from datetime import datetime
from typing import Any, Self

from eventsourcing.domain import Aggregate

from domain.clock import event_timestamp
from domain.errors import StaleVersion

SYSTEM_ACTOR = "system"


class _StampedByDomainClock:
    @staticmethod
    def create_timestamp() -> datetime:
        return event_timestamp()


class Immutable:
    """Value objects are immutable: a deep copy of an aggregate may share them."""

    def __deepcopy__(self, memo: dict[int, Any]) -> Self:
        return self


class JalonAggregate(Aggregate):
    """State rule: attributes hold immutable values (str, int, UUID, date, enums, frozen
    dataclasses) or one level of dict / set / list of such values. That makes the copy the
    repository hands out of its cache cheap: containers are copied, values are shared."""

    class Event(_StampedByDomainClock, Aggregate.Event):
        actor: str

    class Created(Event, Aggregate.Created):
        pass

    def __deepcopy__(self, memo: dict[int, Any]) -> Self:
        clone = object.__new__(type(self))
        clone.__dict__.update(
            {
                name: copy(value) if isinstance(value, dict | set | list) else value
                for name, value in self.__dict__.items()
            }
        )
        return clone

    def check_version(self, expected_version: int | None) -> None:
        """Optimistic concurrency: refuse a command based on a stale read."""
        if expected_version is not None and expected_version != self.version:
            raise StaleVersion(
                f"{type(self).__name__} is at version {self.version}, "
                f"not {expected_version}: reload it and try again",
                current_version=self.version,
                params={"current": self.version, "expected": expected_version},
            )
