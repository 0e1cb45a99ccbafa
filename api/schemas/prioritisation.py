"""Priority scores, the ranked portfolio, capacity and scenarios: inputs and outputs."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, Field, StringConstraints

from api.schemas.common import ExpectedVersion, Input, Money, Reason
from domain.calendar import Month
from domain.planning import Evaluation, ProjectPlan
from domain.scenario import Arbitration
from governance_rules.priority import Part, PriorityScore
from projections.queries.capacity import ProjectInfo

CENT = Decimal("0.01")
CriterionKey = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{1,47}$")]


class ScoresIn(Input):
    scores: Annotated[
        dict[CriterionKey, Annotated[int, Field(ge=0, le=100)]],
        Field(min_length=1, max_length=20, description="criterion key → score on its scale"),
    ]
    reason: Reason
    expected_version: ExpectedVersion = None


class PartOut(BaseModel):
    key: str
    name: str
    weight: Decimal
    value: int | None = Field(description="null: not scored yet (counts 0)")
    normalised: Decimal = Field(description="0..1 over the criterion's scale, 1 the best")
    points: Decimal = Field(description="its share of the 0..100 priority score")

    @classmethod
    def of(cls, part: Part) -> PartOut:
        return cls(
            key=part.key,
            name=part.name,
            weight=part.weight,
            value=part.value,
            normalised=part.normalised.quantize(Decimal("0.0001")),
            points=part.points,
        )


class ScoreOut(BaseModel):
    total: Decimal = Field(description="0..100, two decimals")
    complete: bool
    breakdown: list[PartOut]

    @classmethod
    def of(cls, score: PriorityScore) -> ScoreOut:
        return cls(
            total=score.total,
            complete=score.complete,
            breakdown=[PartOut.of(p) for p in score.parts],
        )


class RuleSetRef(BaseModel):
    content_hash: str
    label: str
    adopted_at: str


class ScoringOut(BaseModel):
    scores: dict[str, int]
    scored_at: str
    scored_by: str
    reason: str
    rule_set_hash: str
    position: int


class ProjectScoresOut(BaseModel):
    project_id: str
    code: str
    rule_set: RuleSetRef
    at: str
    score: ScoreOut
    history: list[ScoringOut]


class RankedOut(BaseModel):
    rank: int
    project_id: str
    code: str
    name: str
    establishment: str
    functional_area: str
    phase: str
    envelope: Decimal = Field(description="approved envelope, all years (euros)")
    planned_hours: Decimal
    score: ScoreOut


class RankingOut(BaseModel):
    rule_set: RuleSetRef
    at: str
    items: list[RankedOut]


class TeamMonthOut(BaseModel):
    month: str
    staff: int
    capacity: Decimal = Field(description="staff × hours per person (hours)")
    run_load: Decimal
    available: Decimal = Field(description="capacity − run load, never below 0")
    build_load: Decimal
    free: Decimal = Field(description="available − build load (negative: overloaded)")
    overloaded: bool


class TeamLoadOut(BaseModel):
    code: str
    months: list[TeamMonthOut]


class HoursOut(BaseModel):
    month: str
    hours: Decimal


class BudgetMonthOut(BaseModel):
    month: str
    spend: Decimal
    year_to_date: Decimal
    envelope: Decimal | None = Field(description="the year's envelope (null: none given)")
    over: bool


class PlanMonthOut(BaseModel):
    month: str
    hours: Decimal
    budget: Decimal


class ProjectPlanOut(BaseModel):
    project_id: str
    code: str
    name: str
    phase: str
    team: str | None
    months: list[PlanMonthOut]


class CapacityOut(BaseModel):
    from_: str = Field(alias="from")
    to: str
    hours_per_person: Decimal
    teams: list[TeamLoadOut]
    unassigned: list[HoursOut] = Field(description="planned hours of projects of no known team")
    projects: list[ProjectPlanOut]

    model_config = {"populate_by_name": True}


def team_loads(evaluation: Evaluation) -> list[TeamLoadOut]:
    by_team: dict[str, list[TeamMonthOut]] = {}
    for t in evaluation.teams:
        by_team.setdefault(t.team, []).append(
            TeamMonthOut(
                month=str(t.month),
                staff=t.staff,
                capacity=t.capacity.quantize(CENT),
                run_load=t.run_load.quantize(CENT),
                available=t.available.quantize(CENT),
                build_load=t.build_load.quantize(CENT),
                free=t.free.quantize(CENT),
                overloaded=t.overloaded,
            )
        )
    return [TeamLoadOut(code=code, months=months) for code, months in by_team.items()]


def unassigned_hours(evaluation: Evaluation) -> list[HoursOut]:
    return [
        HoursOut(month=str(m), hours=h.quantize(CENT)) for m, h in evaluation.unassigned.items()
    ]


def plan_out(info: ProjectInfo, plan: ProjectPlan, months: list[Month]) -> ProjectPlanOut:
    return ProjectPlanOut(
        project_id=info.project_id,
        code=info.code,
        name=info.name,
        phase=info.phase,
        team=plan.team,
        months=[
            PlanMonthOut(
                month=str(m),
                hours=plan.effort.get(m, Decimal(0)).quantize(CENT),
                budget=plan.budget.get(m, Decimal(0)).quantize(CENT),
            )
            for m in months
            if m in plan.effort or m in plan.budget
        ],
    )


ScenarioCode = Annotated[str, StringConstraints(min_length=1, max_length=32)]
YearKey = Annotated[str, StringConstraints(pattern=r"^20\d{2}$|^2100$")]


class ScenarioIn(Input):
    code: ScenarioCode
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    envelopes: Annotated[
        dict[YearKey, Money],
        Field(max_length=10, description="year → the envelope available that year (euros)"),
    ] = Field(default_factory=dict)
    reason: Reason


class ChoiceIn(Input):
    project_id: UUID
    selected: bool = Field(description="false leaves the project out of the scenario")
    shift_months: Annotated[int, Field(ge=-36, le=36)] = 0
    team: Annotated[str | None, StringConstraints(min_length=1, max_length=32)] = Field(
        None, description="the team whose capacity its effort uses (default: who worked most)"
    )
    reason: Reason
    expected_version: ExpectedVersion = None


class EnvelopeIn(Input):
    amount: Money
    reason: Reason


class PresentationIn(Input):
    body_id: UUID
    reason: Reason


class ArbitrationIn(Input):
    outcome: Arbitration
    reason: Reason


class ChoiceOut(BaseModel):
    project_id: str
    code: str
    name: str
    phase: str
    selected: bool
    shift_months: int
    team: str | None
    reason: str


class ArbitrationOut(BaseModel):
    outcome: str
    reason: str
    body_id: str
    decided_by: str
    decided_at: str
    go: list[str]
    no_go: list[str]


class ScenarioOut(BaseModel):
    id: str
    code: str
    name: str
    state: str
    envelopes: dict[str, Decimal]
    body_id: str | None
    drafted_at: str
    drafted_by: str
    updated_at: str
    version: int
    selected: int | None = None


class ScenarioDetailOut(ScenarioOut):
    choices: list[ChoiceOut]
    arbitrations: list[ArbitrationOut]


class OverloadOut(BaseModel):
    team: str
    month: str
    free: Decimal


class EvaluationOut(BaseModel):
    scenario: ScenarioOut
    from_: str = Field(alias="from")
    to: str
    budget: list[BudgetMonthOut]
    months_over_budget: list[str]
    teams: list[TeamLoadOut]
    overloaded: list[OverloadOut]
    unassigned: list[HoursOut]
    projects: list[ProjectPlanOut]

    model_config = {"populate_by_name": True}


def budget_months(evaluation: Evaluation) -> list[BudgetMonthOut]:
    return [
        BudgetMonthOut(
            month=str(b.month),
            spend=b.spend.quantize(CENT),
            year_to_date=b.year_to_date.quantize(CENT),
            envelope=b.envelope,
            over=b.over,
        )
        for b in evaluation.budget
    ]
