from __future__ import annotations

from decimal import Decimal
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, Field, StringConstraints

from api.schemas.common import CommandOut, ExpectedVersion, Input, PersonRef, Reason
from domain.timesheet import MAX_ACTIVITY, MAX_LINES
from lifecycle.timesheet import SheetState

Hours = Annotated[
    Decimal,
    Field(description='hours in quarter hours, e.g. 7.5 or "7.25"', max_digits=8, decimal_places=2),
]
Activity = Annotated[str, StringConstraints(max_length=MAX_ACTIVITY)]


class LineIn(Input):
    project_id: UUID
    hours: Hours
    activity: Activity = Field("", description="optional phase or activity label")


class SheetIn(Input):
    lines: Annotated[list[LineIn], Field(max_length=MAX_LINES)]
    expected_version: ExpectedVersion = None


class SheetSubmit(Input):
    expected_version: ExpectedVersion = None


class SheetDecision(Input):
    projects: Annotated[
        list[UUID] | None,
        Field(
            max_length=MAX_LINES,
            description="projects whose lines are decided (default: every waiting project "
            "the caller may decide)",
        ),
    ] = None
    expected_version: ExpectedVersion = None


class SheetRejection(SheetDecision):
    reason: Reason


class SheetCommandOut(CommandOut):
    warnings: list[str] = Field(default_factory=list, description="accepted, but worth a look")


class ActorRef(BaseModel):
    id: UUID | None
    number: int | None
    name: str


class SheetOut(BaseModel):
    id: UUID
    person: PersonRef
    week: str
    week_start: str
    state: SheetState
    total_hours: Decimal
    entered_by: ActorRef | None
    on_behalf: bool
    imported: bool
    warnings: list[str]
    submitted_at: str | None
    decided_at: str | None
    rejection_reason: str | None
    version: int
    updated_at: str


class ProjectRef(BaseModel):
    id: UUID
    code: str | None
    name: str | None
    kind: str | None


class DecisionOut(BaseModel):
    decision: str
    by: ActorRef | None
    at: str
    reason: str | None


class LineOut(BaseModel):
    project: ProjectRef
    activity: str
    hours: Decimal
    decision: DecisionOut | None


class SheetDetail(SheetOut):
    lines: list[LineOut]


class EffortPlanIn(Input):
    months: Annotated[
        dict[Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}$")], Hours],
        Field(min_length=1, max_length=120, description="planned hours per month (YYYY-MM)"),
    ]
    reason: Reason
