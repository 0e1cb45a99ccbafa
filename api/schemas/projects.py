from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, Field, StringConstraints

from api.schemas.common import Day, ExpectedVersion, Input, Money, PersonRef, Reason
from domain.values import PriorityCriterion, ProjectKind, Weather
from lifecycle.phases import Phase

Code = Annotated[str, StringConstraints(min_length=1, max_length=32)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Text = Annotated[str, StringConstraints(max_length=5000)]
MonthText = Annotated[str, StringConstraints(pattern=r"^20\d{2}-(0[1-9]|1[0-2])$")]
Scale = Annotated[int, Field(ge=1, le=4)]


class ProjectCreate(Input):
    code: Code
    name: Name
    establishment: Code
    functional_area: Code
    kind: ProjectKind
    sponsor_id: UUID
    manager_id: UUID
    description: Text = ""
    priority_criteria: Annotated[list[PriorityCriterion], Field(max_length=6, default_factory=list)]


class CharterUpdate(Input):
    name: Name | None = None
    description: Text | None = None
    functional_area: Code | None = None
    sponsor_id: UUID | None = None
    priority_criteria: Annotated[list[PriorityCriterion], Field(max_length=6)] | None = None
    reason: Reason
    expected_version: ExpectedVersion = None


class ManagerChange(Input):
    manager_id: UUID
    reason: Reason
    expected_version: ExpectedVersion = None


class BudgetIn(Input):
    envelope: Money
    committed: Money
    spent: Money
    forecast: Money
    reason: Reason
    expected_version: ExpectedVersion = None


class MilestoneCreate(Input):
    name: Name
    baseline: Day
    expected_version: ExpectedVersion = None


class MilestoneReforecast(Input):
    forecast: Day
    reason: Reason
    expected_version: ExpectedVersion = None


class MilestoneAchieve(Input):
    achieved_on: Day
    expected_version: ExpectedVersion = None


class WeatherIn(Input):
    quality: Weather
    cost: Weather
    deadline: Weather
    risk: Weather


class StatusReportIn(Input):
    month: MonthText
    weather: WeatherIn
    comment: Text = ""
    expected_version: ExpectedVersion = None


class RiskCreate(Input):
    title: Name
    gravity: Scale
    probability: Scale
    owner_id: UUID
    treatment_plan: Text = ""
    expected_version: ExpectedVersion = None


class RiskReassess(Input):
    gravity: Scale
    probability: Scale
    treatment_plan: Text | None = None
    reason: Reason
    expected_version: ExpectedVersion = None


class RiskClose(Input):
    reason: Reason
    expected_version: ExpectedVersion = None


class WeatherOut(BaseModel):
    quality: Weather
    cost: Weather
    deadline: Weather
    risk: Weather


class BudgetTotals(BaseModel):
    envelope: Decimal
    committed: Decimal
    spent: Decimal
    forecast: Decimal


class NextMilestone(BaseModel):
    id: UUID
    name: str
    baseline: date
    forecast: date
    slippage_days: int


class GateStatus(BaseModel):
    review_id: UUID
    subject: str = Field(description="a gate id (G1...) or suspend / resume / abandon")
    status: str = Field(
        description="requested, scheduled, under_review, deferred, approved, "
        "approved_with_conditions, rejected or withdrawn"
    )
    meeting_date: date | None


class PortfolioRow(BaseModel):
    id: UUID
    code: str
    name: str
    establishment: str
    functional_area: str
    kind: ProjectKind
    phase: Phase
    manager: PersonRef
    sponsor: PersonRef
    latest_report_month: str | None
    weather: WeatherOut | None
    budget: BudgetTotals
    next_milestone: NextMilestone | None
    open_risks: int
    max_criticality: int | None
    phase_since: str
    gate: GateStatus | None = Field(description="the project's latest gate review")
    open_conditions: int = Field(description="conditions of approvals not lifted yet")
    version: int
    updated_at: str


class BudgetLineOut(BudgetTotals):
    year: int
    recorded_at: str


class MilestoneOut(BaseModel):
    id: UUID
    name: str
    baseline: date
    forecast: date
    achieved_on: date | None
    slippage_days: int


class StatusReportOut(BaseModel):
    month: str
    weather: WeatherOut
    comment: str
    reported_by: str
    reported_at: str
    superseded: bool


class RiskOut(BaseModel):
    id: UUID
    title: str
    gravity: int
    probability: int
    criticality: int
    owner: PersonRef
    treatment_plan: str
    closed: bool


class ProjectDetail(PortfolioRow):
    description: str
    priority_criteria: list[PriorityCriterion]
    registered_at: str
    budget_lines: list[BudgetLineOut]
    milestones: list[MilestoneOut]
    status_reports: list[StatusReportOut]
    risks: list[RiskOut]
