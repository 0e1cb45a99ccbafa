"""Time sheets' payloads read for the governance replay without the transcoder's per-object
hooks: tens of thousands of them on a group, and the replay needs only their time, owner,
week and lines. The payload is read as plain JSON (after the store's cipher and compressor)
and the few typed values needed are converted here; anything not in the expected shape (an
older class version, another encoding) goes through the full decoder instead."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from uuid import UUID

from projections.events import EventDecoder

LIGHT_TOPICS = frozenset(
    {
        "domain.timesheet:TimeSheet.Drafted",
        "domain.timesheet:TimeSheet.Imported",
        "domain.timesheet:TimeSheet.Amended",
        "domain.timesheet:TimeSheet.Validated",
    }
)
_KEPT = ("week", "lines")


def light_payload(decoder: EventDecoder, state: bytes) -> tuple[datetime, dict[str, Any]] | None:
    """The event's time and the fields the replay reads, or None to decode it fully."""
    mapper = decoder.mapper
    if mapper.cipher:
        state = mapper.cipher.decrypt(state)
    if mapper.compressor:
        state = mapper.compressor.decompress(state)
    raw = json.loads(state)
    if raw.get("class_version", 1) != 1:
        return None
    timestamp = _typed(raw.get("timestamp"), "datetime_iso")
    if timestamp is None:
        return None
    data = {key: raw[key] for key in _KEPT if key in raw}
    if "person_id" in raw:
        person = _typed(raw["person_id"], "uuid_hex")
        if person is None:
            return None
        data["person_id"] = UUID(person)
    return datetime.fromisoformat(timestamp), data


def _typed(value: Any, kind: str) -> str | None:
    if isinstance(value, dict) and value.get("_type_") == kind and isinstance(value["_data_"], str):
        return value["_data_"]
    return None
