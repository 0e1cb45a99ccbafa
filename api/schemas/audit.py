"""Audit views as the API shows them."""

from __future__ import annotations

from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, Field

from api.schemas.common import PersonRef


class ChainHeadOut(BaseModel):
    position: int = Field(description="the last event the chain covers (0: none yet)")
    link: str = Field(description="SHA-256 link at that position, hex; publish it to anchor")
    algorithm: Literal["sha256"] = "sha256"
    log_position: int = Field(description="the last event in the log (may be ahead)")


class FieldChange(BaseModel):
    field: str
    before: str | None
    after: str | None


class TrailRowOut(BaseModel):
    position: int
    recorded_at: str = Field(description="UTC, ISO 8601")
    actor: PersonRef | None = Field(description="the person who acted; null for the system")
    actor_kind: Literal["person", "system"]
    action: str = Field(description='the event type, e.g. "Project.StatusReported"')
    action_words: str
    object_type: str
    object_id: UUID
    project_id: UUID | None
    project_code: str | None
    changes: list[FieldChange]
    reason: str | None


class EventOut(BaseModel):
    position: int
    recorded_at: str = Field(description="UTC, ISO 8601")
    type: str = Field(description='"Project.StatusReported"')
    topic: str
    object_id: UUID
    object_version: int
    payload: dict[str, Any]


class EventPageOut(BaseModel):
    items: list[EventOut]
    next_after: int = Field(description="pass as `after` for the next page")
    head: int = Field(description="the last position in the log now")
