"""Events as projections see them: position, time, type and a plain decoded payload."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Mapper
from eventsourcing.utils import resolve_topic


@dataclass(frozen=True, slots=True)
class RecordedEvent:
    position: int
    originator_id: UUID
    originator_version: int
    topic: str
    timestamp: datetime
    data: dict[str, Any]
    object_id: str  # the originator's id as text (views key their rows by it)

    @property
    def name(self) -> str:
        """The event's type in words: "Project.StatusReported"."""
        return self.topic.rpartition(":")[2]

    @property
    def actor(self) -> str:
        return str(self.data.get("actor", ""))


@lru_cache(maxsize=512)
def _class_version(topic: str) -> int:
    try:
        return int(getattr(resolve_topic(topic), "class_version", 1))
    except (ImportError, AttributeError, TypeError):
        return 1


class EventDecoder:
    """Turns stored rows into RecordedEvents with the store's own cipher and transcoder,
    upcasting old payloads like the library does, without building domain objects."""

    def __init__(self, mapper: Mapper[Any]) -> None:
        self.mapper = mapper

    def payload(self, topic: str, state: bytes) -> dict[str, Any]:
        if self.mapper.cipher:
            state = self.mapper.cipher.decrypt(state)
        if self.mapper.compressor:
            state = self.mapper.compressor.decompress(state)
        data: dict[str, Any] = self.mapper.transcoder.decode(state)
        stored_version = data.pop("class_version", 1)
        current = _class_version(topic)
        if stored_version < current:
            cls = resolve_topic(topic)
            for version in range(stored_version, current):
                getattr(cls, f"upcast_v{version}_v{version + 1}")(data)
        return data

    def decode(
        self, position: int, originator_id: UUID | str, version: int, topic: str, state: bytes
    ) -> RecordedEvent:
        data = self.payload(topic, bytes(state))
        timestamp = data.pop("timestamp")
        data.pop("originator_topic", None)
        originator = originator_id if isinstance(originator_id, UUID) else UUID(originator_id)
        return RecordedEvent(
            position=position,
            originator_id=originator,
            originator_version=version,
            topic=topic,
            timestamp=timestamp,
            data=data,
            object_id=str(originator),
        )
