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


class ReplayProjectOut(BaseModel):
    id: UUID
    code: str
    name: str
    phase: str = Field(description="the phase as of the decision")
    establishment: str
    manager_id: UUID
    envelope: str = Field(description="approved envelope then, euros as a decimal string")
    version: int


class ReplayRuleSetOut(BaseModel):
    recorded_hash: str = Field(description="the rule set the decision names")
    label: str
    in_force_hash: str | None = Field(description="the last rule set adopted before it")
    in_force_then: bool


class ReplayAssessmentOut(BaseModel):
    designated_body: str
    body_kind: str
    body_steers_project: bool
    quorum: int
    present: int
    decision_mode: str
    mode_agrees: bool
    mode_words: str
    missing_deliverables: list[str]
    problems: list[str]


class ReplayOut(BaseModel):
    review_id: UUID
    decision_id: UUID
    position: int
    decided_at: str
    decided_by: str
    subject: str
    outcome: str
    reason: str
    project: ReplayProjectOut
    deliverables: list[dict[str, str]]
    rule_set: ReplayRuleSetOut
    assessment: ReplayAssessmentOut
    would_allow: bool = Field(description="the rule set in force allowed this decision")
    differences: list[str] = Field(description="where the replay and the record differ")
    matches_record: bool
