"""The time at which events are stamped.

Events are stamped in UTC with the real time. Loading a past history (the demo, an import of
the PMO's spreadsheets) stamps events with the instant they describe, inside `recording_at`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime

_recording_at: ContextVar[datetime | None] = ContextVar("jalon_recording_at", default=None)


def event_timestamp() -> datetime:
    """The timestamp for an event created now."""
    return _recording_at.get() or datetime.now(UTC)


@contextmanager
def recording_at(instant: datetime) -> Iterator[None]:
    """Stamp the events created inside this block with `instant` (timezone-aware)."""
    if instant.tzinfo is None:
        raise ValueError("recording_at needs a timezone-aware datetime")
    token = _recording_at.set(instant.astimezone(UTC))
    try:
        yield
    finally:
        _recording_at.reset(token)
