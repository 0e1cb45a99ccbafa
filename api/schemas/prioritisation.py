"""Priority scores, the ranked portfolio, capacity and scenarios: inputs and outputs."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from api.schemas.common import ExpectedVersion, Input, Reason
from governance_rules.priority import Part, PriorityScore

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
