"""Inputs and outputs of the life cycle: deliverables, bodies, gate reviews, decisions, rule
sets."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, Field, StringConstraints

from api.schemas.common import ExpectedVersion, Input, PersonRef, Reason
from governance_rules.ruleset import BodyKind, LifeCycleAction
from lifecycle.gate_review import Outcome, Vote
from lifecycle.phases import Phase

Code = Annotated[str, StringConstraints(min_length=1, max_length=32)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Note = Annotated[str, StringConstraints(max_length=2000)]
Kind = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{1,47}$")]
GateId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9-]{0,15}$")]
Condition = Annotated[str, StringConstraints(min_length=1, max_length=1000)]


# -- inputs ------------------------------------------------------------------------------
class DeliverableIn(Input):
    kind: Kind = Field(description="a deliverable kind of the rule set, e.g. scoping_note")
    title: Name
    version: Annotated[str, StringConstraints(min_length=1, max_length=32)]
    reference: Annotated[str, StringConstraints(min_length=1, max_length=1000)] = Field(
        description="a link or a file reference in the document store"
    )
    checksum: Annotated[str, StringConstraints(max_length=71)] = Field(
        description="SHA-256 of the document, hex, optionally after 'sha256:'"
    )
    expected_version: ExpectedVersion = None


class GateRequestIn(Input):
    gate: GateId = Field(description="the gate leaving the project's phase, e.g. G2")
    note: Note = ""


class LifeCycleRequestIn(Input):
    action: LifeCycleAction
    reason: Reason


class BodyCreate(Input):
    code: Code
    name: Name
    kind: BodyKind
    reason: Reason


class PersonIn(Input):
    person_id: UUID
    reason: Reason


class ProjectIn(Input):
    project_id: UUID
    reason: Reason


class ScheduleIn(Input):
    body_id: UUID
    meeting_date: date


class RescheduleIn(ScheduleIn):
    reason: Reason


class AttendanceIn(Input):
    present: Annotated[list[UUID], Field(max_length=100, description="members present")]


class VoteIn(Input):
    vote: Vote
    comment: Note = ""


class DecisionIn(Input):
    outcome: Annotated[Outcome, Field(description="approved, approved_with_conditions or rejected")]
    reason: Reason
    conditions: Annotated[list[Condition], Field(max_length=20, default_factory=list)]


class DeferralIn(Input):
    new_date: date
    reason: Reason


class RuleSetIn(Input):
    source: Annotated[str, StringConstraints(min_length=1, max_length=200_000)] = Field(
        description="the rule set's YAML text"
    )
    reason: Reason


class RuleSetCheckIn(Input):
    source: Annotated[str, StringConstraints(min_length=1, max_length=200_000)]


# -- outputs -----------------------------------------------------------------------------
class DeliverableOut(BaseModel):
    kind: str
    title: str
    version: str
    reference: str
    checksum: str
    submitted_at: str


class RequiredDeliverableOut(BaseModel):
    kind: str
    name: str
    required: bool
    submitted: DeliverableOut | None


class DeliverableChecklist(BaseModel):
    phase: Phase
    rule_set: str
    deliverables: list[RequiredDeliverableOut]


class ProjectRefOut(BaseModel):
    id: UUID
    code: str | None


class ProjectPhaseRef(ProjectRefOut):
    name: str
    phase: Phase


class BodyOut(BaseModel):
    id: UUID
    code: str
    name: str
    kind: BodyKind
    chair: PersonRef | None
    members: list[PersonRef]
    projects: list[ProjectRefOut]
    quorum: int | None = Field(description="members present needed, under the rule set in force")
    decision_mode: str | None
    version: int


class BodyRefOut(BaseModel):
    id: UUID
    code: str | None


class VoteOut(BaseModel):
    member: PersonRef
    vote: Vote
    comment: str = ""


class ConditionOut(BaseModel):
    id: UUID
    text: str
    lifted_at: str | None
    lifted_by: str | None
    lift_reason: str | None


class RuleSetRef(BaseModel):
    hash: str
    label: str


class DecisionOut(BaseModel):
    id: UUID
    position: int
    review_id: UUID
    project: ProjectRefOut
    subject: str
    outcome: Outcome
    reason: str
    body: BodyRefOut
    decided_by: PersonRef | None
    decided_at: str
    present: list[PersonRef]
    votes: list[VoteOut]
    quorum: int | None
    decision_mode: str | None
    deliverables_seen: list[dict[str, str]]
    new_date: date | None
    conditions: list[ConditionOut]
    rule_set: RuleSetRef


class ReviewOut(BaseModel):
    id: UUID
    project: ProjectPhaseRef
    subject: str
    leaves: Phase | None
    note: str
    status: str
    body: BodyRefOut | None
    meeting_date: date | None
    deferrals: int
    present: list[PersonRef]
    votes: list[VoteOut]
    deliverables: list[DeliverableOut] = Field(description="what the body reads")
    outcome: Outcome | None
    decision_id: UUID | None
    requested_at: str
    version: int


class ReviewDetail(ReviewOut):
    decisions: list[DecisionOut]


class OpenConditionOut(BaseModel):
    id: UUID
    review_id: UUID
    subject: str
    text: str
    imposed_at: str


class AdoptionOut(BaseModel):
    position: int
    content_hash: str
    name: str
    version: int
    adopted_at: str
    adopted_by: str
    reason: str


class RuleSetInForceOut(BaseModel):
    content_hash: str
    label: str
    adopted_at: str
    rules: dict[str, object] = Field(description="the rule set, as validated")


class RuleSetCheckOut(BaseModel):
    label: str
    content_hash: str


class DiagramsOut(BaseModel):
    project: str = Field(description="mermaid state diagram of the project's phases")
    gate_review: str = Field(description="mermaid state diagram of a gate review")
