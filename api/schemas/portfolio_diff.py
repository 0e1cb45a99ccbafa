"""What changed in the portfolio between two instants."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from pydantic import BaseModel, Field

from api.schemas.projects import BudgetTotals, WeatherOut
from lifecycle.phases import Phase


class ProjectRef(BaseModel):
    id: UUID
    code: str
    name: str


class ProjectInPhase(ProjectRef):
    phase: Phase


class MilestoneState(BaseModel):
    id: UUID
    name: str
    forecast: date
    slippage_days: int


class PhaseChange(BaseModel):
    project: ProjectRef
    before: Phase
    after: Phase


class WeatherChange(BaseModel):
    project: ProjectRef
    before: WeatherOut | None
    after: WeatherOut | None


class BudgetChange(BaseModel):
    project: ProjectRef
    before: BudgetTotals
    after: BudgetTotals


class MilestoneChange(BaseModel):
    project: ProjectRef
    before: MilestoneState | None = Field(description="the next milestone then")
    after: MilestoneState | None


class PortfolioDiff(BaseModel):
    from_: datetime = Field(alias="from", serialization_alias="from")
    to: datetime
    added: list[ProjectInPhase] = Field(description="registered in between")
    closed: list[ProjectInPhase] = Field(description="closed or abandoned in between")
    phase_changes: list[PhaseChange]
    weather_changes: list[WeatherChange]
    budget_changes: list[BudgetChange]
    milestone_changes: list[MilestoneChange] = Field(
        description="the next milestone changed (another one, a new forecast, or achieved)"
    )
