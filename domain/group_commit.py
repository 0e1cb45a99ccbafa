"""Group commit: the events of commands that arrive while another group is being recorded
wait for it to end, then are recorded together in one transaction (one write lock, one sync
to disk) by whichever of them comes first (the group's leader).

A command is answered only once its own group committed. When a group is refused for a
version conflict, each of its commands is recorded again on its own, so that only the
command whose aggregate moved on is refused (never another person's command); any other
failure (the database is down) fails every command of the group, none recorded. Events keep
one order: the group's, in the order its commands arrived."""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import Any
from uuid import UUID

from eventsourcing.application import ProcessingEvent
from eventsourcing.persistence import IntegrityError, Recording

Record = Callable[[ProcessingEvent[UUID]], list[Recording[UUID]]]


class _Pending:
    """One command's events, waiting for the group that records them."""

    def __init__(self, processing: ProcessingEvent[UUID]) -> None:
        self.processing = processing
        self.recordings: list[Recording[UUID]] | None = None
        self.error: BaseException | None = None

    @property
    def finished(self) -> bool:
        return self.recordings is not None or self.error is not None

    def outcome(self) -> list[Recording[UUID]]:
        if self.error is not None:
            raise self.error
        assert self.recordings is not None
        return self.recordings


class GroupCommit:
    def __init__(self, record: Record) -> None:
        """`record`: records one ProcessingEvent in one transaction (the application's)."""
        self._record = record
        # held around each transaction: on SQLite, the process's lock on writing the file
        # (waiting on it is cheaper than SQLite's busy handler, which sleeps)
        self.writing: AbstractContextManager[Any] = nullcontext()
        self._condition = threading.Condition()
        self._waiting: list[_Pending] = []
        self._recording = False
        self.groups = 0  # transactions that recorded events for more than one command
        self.largest = 0  # commands in the largest group

    @property
    def waiting(self) -> int:
        """Commands waiting for the group being recorded to end."""
        with self._condition:
            return len(self._waiting)

    def record(self, processing: ProcessingEvent[UUID]) -> list[Recording[UUID]]:
        pending = _Pending(processing)
        with self._condition:
            self._waiting.append(pending)
            while self._recording and not pending.finished:
                self._condition.wait()
            if pending.finished:
                return pending.outcome()
            self._recording = True  # this command leads the next group
            group, self._waiting = self._waiting, []
        try:
            self._record_group(group)
        finally:
            with self._condition:
                self._recording = False
                self._condition.notify_all()
        return pending.outcome()

    def _record_group(self, group: list[_Pending]) -> None:
        if len(group) == 1:
            self._record_alone(group[0])
            return
        merged: ProcessingEvent[UUID] = ProcessingEvent()
        for pending in group:
            merged.events += pending.processing.events
            merged.aggregates.update(pending.processing.aggregates)
        try:
            with self.writing:
                recordings = self._record(merged)
        except IntegrityError:
            for pending in group:  # find the stale command: each on its own
                self._record_alone(pending)
            return
        except BaseException as error:
            for pending in group:
                pending.error = error
            return
        self.groups += 1
        self.largest = max(self.largest, len(group))
        start = 0
        for pending in group:
            count = len(pending.processing.events)
            pending.recordings = recordings[start : start + count]
            start += count

    def _record_alone(self, pending: _Pending) -> None:
        try:
            with self.writing:
                pending.recordings = self._record(pending.processing)
        except BaseException as error:
            pending.error = error


def collected(*aggregates: Any) -> ProcessingEvent[UUID]:
    """The aggregates' new events, taken from them (as the library's `save` does)."""
    processing: ProcessingEvent[UUID] = ProcessingEvent()
    processing.collect_events(*aggregates)
    return processing
