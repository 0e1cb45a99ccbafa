from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, Field


class Figures(BaseModel):
    run_hours: Decimal
    build_hours: Decimal
    validated_hours: Decimal
    run_share: Decimal | None = Field(description="percent of validated hours spent on run")
    unvalidated_hours: Decimal = Field(description="recorded but not validated yet")


class MonthFigures(Figures):
    month: str
    above_threshold: bool


class TrendPoint(BaseModel):
    month: str
    run_share: Decimal | None


class Trend(BaseModel):
    months: list[TrendPoint] = Field(description="the 12 months up to the report's last month")
    run_share_12_months: Decimal | None
    change_points: Decimal | None = Field(
        description="run share of the last 6 months minus that of the 6 before, in points"
    )


class TimeShareRow(BaseModel):
    key: str | None = Field(description="team id or establishment code (null: people in no team)")
    code: str | None = None
    name: str
    establishment: str | None = None
    months: list[MonthFigures]
    total: Figures
    trend: Trend


class RunShareAlertOut(BaseModel):
    team_id: str | None
    code: str | None
    name: str
    establishment: str | None
    month: str
    run_share: Decimal
    threshold: Decimal


class Unvalidated(BaseModel):
    hours: Decimal
    by_state: dict[str, Decimal]


class TimeShareReport(BaseModel):
    from_: str = Field(alias="from")
    to: str
    by: str
    run_share_threshold: Decimal = Field(description="percent")
    rows: list[TimeShareRow]
    group: TimeShareRow
    alerts: list[RunShareAlertOut]
    unvalidated: Unvalidated


class ChartMonth(BaseModel):
    month: str
    spent_hours: Decimal
    planned_hours: Decimal
    unvalidated_hours: Decimal
    cumulative_spent_hours: Decimal
    cumulative_planned_hours: Decimal


class TimeChart(BaseModel):
    project: dict[str, str]
    months: list[ChartMonth]
    spent_hours: Decimal
    planned_hours: Decimal
    unvalidated_hours: Decimal


class ServiceMonth(BaseModel):
    code: str
    name: str
    team: dict[str, str]
    availability_target: Decimal
    p1_resolution_hours: Decimal
    availability: Decimal | None
    planned_minutes: int | None
    unplanned_minutes: int | None
    availability_met: bool | None
    incidents: int
    open_incidents: int
    p1_incidents: int
    p1_over_limit: int
    verdict: str


class CommitmentsReport(BaseModel):
    month: str
    services: list[ServiceMonth]
    summary: dict[str, int]
