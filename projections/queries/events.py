"""The event feed: events in global order as plain JSON (money and dates as text), with the
free text of erased people masked as the audit trail masks it."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID

from infrastructure.database import Cursor
from infrastructure.sqlvalues import timestamp_text
from projections.audit.erasure import masked_payload, masked_positions
from projections.events import RecordedEvent
from projections.log import EventLog


def plain(value: Any) -> Any:
    """JSON values only: Decimal and dates as text (never a float), UUIDs as text."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [plain(v) for v in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    if isinstance(value, datetime):
        return timestamp_text(value)
    if isinstance(value, Enum):
        return plain(value.value)
    if isinstance(value, Decimal | UUID | date):
        return str(value)
    return value


def feed_item(event: RecordedEvent, *, masked: bool = False) -> dict[str, Any]:
    payload = masked_payload(event.name, event.data) if masked else event.data
    return {
        "position": event.position,
        "recorded_at": timestamp_text(event.timestamp),
        "type": event.name,
        "topic": event.topic,
        "object_id": event.object_id,
        "object_version": event.originator_version,
        "payload": plain(payload),
    }


def feed_page(
    cursor: Cursor, log: EventLog, after: int, limit: int
) -> tuple[list[dict[str, Any]], int]:
    """Events after `after`, at most `limit`, and the log's head now."""
    events = log.read(cursor, after, limit)
    masked = masked_positions(cursor, after, events[-1].position) if events else set()
    return [feed_item(e, masked=e.position in masked) for e in events], log.head(cursor)
