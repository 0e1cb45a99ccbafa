from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import AwareDatetime, BaseModel, Field, StringConstraints

from api.schemas.common import Input, Reason
from api.schemas.projects import Code, MonthText, Name

Percent = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=r"^\d{1,3}(\.\d{1,3})?$"),
    Field(description='a percentage as a decimal string, e.g. "99.5"'),
]
ResolutionHours = Annotated[
    Decimal, Field(gt=0, le=720, description="maximum hours to resolve a priority-1 incident")
]


class CommitmentsIn(Input):
    availability_target: Percent
    p1_resolution_hours: ResolutionHours
    effective_from: MonthText


class ServiceCreate(CommitmentsIn):
    code: Code
    name: Name
    team: Code


class CommitmentsChange(CommitmentsIn):
    reason: Reason


class AvailabilityIn(Input):
    month: MonthText
    planned_minutes: Annotated[int | None, Field(ge=0)] = None
    unplanned_minutes: Annotated[int | None, Field(ge=0)] = None
    availability: Percent | None = None


class IncidentIn(Input):
    priority: Annotated[int, Field(ge=1, le=4)]
    opened_at: AwareDatetime
    resolved_at: AwareDatetime | None = None
    summary: Annotated[str, StringConstraints(min_length=1, max_length=500)]


class IncidentResolve(Input):
    resolved_at: AwareDatetime


class ServiceOut(BaseModel):
    id: str
    code: str
    name: str
    team: dict[str, str]
    availability_target: Decimal
    p1_resolution_hours: Decimal
    effective_from: str
    version: int
