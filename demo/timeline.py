"""Actions scheduled at past instants, played in order through the services, one batch
(one transaction) per month."""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from domain.calendar import Month
from domain.clock import recording_at
from domain.store import EventStore

Action = Callable[[], object]


class Timeline:
    def __init__(self, zone: ZoneInfo, now: datetime) -> None:
        self.zone = zone
        self.now = now
        self._queue: list[tuple[datetime, int, Action]] = []  # (instant, order, action)
        self._counter = itertools.count()

    def at(self, instant: datetime, action: Action) -> None:
        """Schedule an action; instants after now are dropped (the future is not history)."""
        if instant <= self.now:
            heapq.heappush(self._queue, (instant, next(self._counter), action))

    def on_day(self, month: Month, day: int, hour: int, action: Action) -> None:
        day = min(day, month.last_day.day)
        local = datetime.combine(month.first_day.replace(day=day), time(hour), tzinfo=self.zone)
        self.at(local, action)

    def __len__(self) -> int:
        return len(self._queue)

    def play(self, store: EventStore, progress: Callable[[int], None] | None = None) -> int:
        """Run every action in time order; commit one batch per month. Actions may schedule
        further actions (a later step of the same story)."""
        played = 0
        while self._queue:
            month = Month.containing(self._queue[0][0], self.zone)
            end = datetime.combine(month.next().first_day, time(0), tzinfo=self.zone)
            with store.batch():
                while self._queue and self._queue[0][0] < end:
                    instant, _, action = heapq.heappop(self._queue)
                    with recording_at(instant):
                        action()
                    played += 1
            if progress:
                progress(played)
        return played


def months_between(first: Month, last: Month) -> list[Month]:
    months = [first]
    while months[-1] < last:
        months.append(months[-1].next())
    return months


def days(n: int) -> timedelta:
    return timedelta(days=n)
