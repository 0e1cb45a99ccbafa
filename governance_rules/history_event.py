"""An event of the recorded history as the in-memory replay reads it: plain decoded data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID


@dataclass(frozen=True)
class HistoryEvent:
    position: int
    timestamp: datetime
    name: str  # "Project.StatusReported"
    originator_id: UUID
    data: dict[str, Any]


def day_of(value: Any) -> date:
    """A date from an event's payload (a date, or its ISO text)."""
    return value if isinstance(value, date) else date.fromisoformat(str(value))
