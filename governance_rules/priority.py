"""Priority: weighted criteria with their scales, and the score they give a project.

Pure arithmetic on Decimals. Each criterion's score is put on 0..1 over its scale (reversed
when a high score means a low priority, as for risk and cost), weighted, and the weighted
mean is given on 0..100, rounded half up to two decimals. A criterion not scored yet counts
0 (the project is marked incomplete); a score outside the scale of a later rule set is held
to that scale's bounds."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

CriterionKey = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{1,47}$")]
HUNDRED = Decimal(100)
CENT = Decimal("0.01")
DEFAULT_MONTHLY_HOURS_PER_PERSON = Decimal(130)


class Criterion(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    key: CriterionKey
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    weight: Annotated[Decimal, Field(ge=0, le=1000)]
    scale_min: Annotated[int, Field(ge=0, le=100)] = 0
    scale_max: Annotated[int, Field(ge=1, le=100)] = 5
    higher_is_better: bool = True  # False for risk and cost: a high score lowers priority

    @model_validator(mode="after")
    def _scale(self) -> Criterion:
        if self.scale_max <= self.scale_min:
            raise ValueError("scale_max must be above scale_min")
        return self

    def normalised(self, value: int) -> Decimal:
        """The score on 0..1 (1 is the best for priority)."""
        held = min(max(value, self.scale_min), self.scale_max)
        share = Decimal(held - self.scale_min) / Decimal(self.scale_max - self.scale_min)
        return share if self.higher_is_better else 1 - share


class Prioritisation(BaseModel):
    """The `prioritisation` section of a rule set."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    criteria: Annotated[list[Criterion], Field(min_length=1, max_length=20)]
    monthly_hours_per_person: Annotated[Decimal, Field(gt=0, le=744)] = (
        DEFAULT_MONTHLY_HOURS_PER_PERSON
    )

    @model_validator(mode="after")
    def _criteria(self) -> Prioritisation:
        keys = [c.key for c in self.criteria]
        if len(set(keys)) != len(keys):
            raise ValueError("a criterion key is listed twice")
        if sum((c.weight for c in self.criteria), Decimal(0)) <= 0:
            raise ValueError("the weights must not all be 0")
        return self

    def criterion(self, key: str) -> Criterion | None:
        return next((c for c in self.criteria if c.key == key), None)

    def check(self, scores: Mapping[str, int]) -> list[tuple[str, str]]:
        """Problems with scores given under these criteria: (field, message)."""
        problems = []
        for key, value in scores.items():
            criterion = self.criterion(key)
            if criterion is None:
                known = ", ".join(c.key for c in self.criteria)
                problems.append((f"scores.{key}", f"no criterion {key} (criteria: {known})"))
            elif not criterion.scale_min <= value <= criterion.scale_max:
                problems.append(
                    (
                        f"scores.{key}",
                        f"{key} is scored {criterion.scale_min} to {criterion.scale_max}, "
                        f"got {value}",
                    )
                )
        return problems


@dataclass(frozen=True)
class Part:
    """One criterion's share of a priority score."""

    key: str
    name: str
    weight: Decimal
    value: int | None  # None: not scored
    normalised: Decimal
    points: Decimal  # its contribution to the 0..100 score, rounded to 2 decimals


@dataclass(frozen=True)
class PriorityScore:
    total: Decimal  # 0..100, two decimals
    parts: tuple[Part, ...]

    @property
    def complete(self) -> bool:
        return all(p.value is not None for p in self.parts)


def priority_score(rules: Prioritisation, scores: Mapping[str, int]) -> PriorityScore:
    """100 × Σ weightᵢ × normalisedᵢ / Σ weightᵢ over the rule set's criteria."""
    weights = sum((c.weight for c in rules.criteria), Decimal(0))
    parts = []
    exact = Decimal(0)
    for criterion in rules.criteria:
        value = scores.get(criterion.key)
        share = Decimal(0) if value is None else criterion.normalised(value)
        contribution = HUNDRED * criterion.weight * share / weights
        exact += contribution
        parts.append(
            Part(
                criterion.key,
                criterion.name,
                criterion.weight,
                value,
                share,
                contribution.quantize(CENT, ROUND_HALF_UP),
            )
        )
    return PriorityScore(exact.quantize(CENT, ROUND_HALF_UP), tuple(parts))
