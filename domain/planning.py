"""Capacity and load, month by month: pure arithmetic over plans, no storage.

A team's capacity is its staff × the hours one person gives a month; what is left for
projects is that minus its run (MCO) load. A project's plan is its planned hours and its
budget per month, loaded on one team. A scenario's evaluation adds the plans of the
projects it keeps (shifted as it says) to each team's month and the budget to the year's
envelope; a team's month is overloaded when its build load exceeds what run leaves, and a
month over budget when the year's spending so far exceeds the year's envelope."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

from domain.calendar import Month

ZERO = Decimal(0)
CENT = Decimal("0.01")


def months_between(first: Month, last: Month) -> list[Month]:
    months = [first]
    while months[-1] < last:
        months.append(months[-1].next())
    return months


def spread(amount: Decimal, weights: Mapping[Month, Decimal]) -> dict[Month, Decimal]:
    """`amount` shared between months in proportion to their weights, in cents; the
    rounding remainder goes to the last month, so the parts add up to the amount exactly."""
    total = sum(weights.values(), ZERO)
    if not weights or total <= 0:
        return {}
    months = sorted(weights)
    parts = {m: (amount * weights[m] / total).quantize(CENT, ROUND_HALF_UP) for m in months}
    parts[months[-1]] += amount - sum(parts.values(), ZERO)
    return parts


def budget_by_month(
    envelopes: Mapping[int, Decimal], effort: Mapping[Month, Decimal]
) -> dict[Month, Decimal]:
    """Each year's envelope spread over that year's planned months in proportion to the
    hours planned; a year without planned hours is spread evenly over its twelve months."""
    budget: dict[Month, Decimal] = {}
    for year, amount in envelopes.items():
        weights = {m: h for m, h in effort.items() if m.year == year and h > 0}
        if not weights:
            weights = {Month(year, n): Decimal(1) for n in range(1, 13)}
        budget.update(spread(amount, weights))
    return budget


@dataclass(frozen=True)
class ProjectPlan:
    project_id: str
    code: str
    team: str | None  # the team code whose capacity its effort uses (None: not known)
    effort: Mapping[Month, Decimal]  # hours
    budget: Mapping[Month, Decimal]  # euros

    def shifted(self, months: int, team: str | None = None) -> ProjectPlan:
        return replace(
            self,
            team=team or self.team,
            effort={m.plus(months): h for m, h in self.effort.items()},
            budget={m.plus(months): a for m, a in self.budget.items()},
        )


@dataclass(frozen=True)
class TeamCapacity:
    code: str
    name: str
    staff: Mapping[Month, int]
    hours_per_person: Decimal
    run_load: Mapping[Month, Decimal]  # hours

    def capacity(self, month: Month) -> Decimal:
        return self.staff.get(month, 0) * self.hours_per_person

    def available(self, month: Month) -> Decimal:
        """What run leaves for projects (never below 0)."""
        return max(self.capacity(month) - self.run_load.get(month, ZERO), ZERO)


@dataclass(frozen=True)
class TeamMonth:
    team: str
    month: Month
    staff: int
    capacity: Decimal
    run_load: Decimal
    available: Decimal
    build_load: Decimal

    @property
    def free(self) -> Decimal:
        return self.available - self.build_load

    @property
    def overloaded(self) -> bool:
        return self.build_load > self.available


@dataclass(frozen=True)
class BudgetMonth:
    month: Month
    spend: Decimal
    year_to_date: Decimal
    envelope: Decimal | None  # the year's envelope (None: none given for that year)

    @property
    def over(self) -> bool:
        return self.envelope is not None and self.year_to_date > self.envelope


@dataclass(frozen=True)
class Evaluation:
    months: list[Month]
    teams: list[TeamMonth]
    budget: list[BudgetMonth]
    unassigned: dict[Month, Decimal] = field(default_factory=dict)  # hours of no known team

    @property
    def overloaded(self) -> list[TeamMonth]:
        return [t for t in self.teams if t.overloaded]

    @property
    def months_over_budget(self) -> list[Month]:
        return [b.month for b in self.budget if b.over]


def _team_month(team: TeamCapacity, month: Month, build_load: Decimal) -> TeamMonth:
    staff = team.staff.get(month, 0)
    capacity = staff * team.hours_per_person
    run = team.run_load.get(month, ZERO)
    return TeamMonth(team.code, month, staff, capacity, run, max(capacity - run, ZERO), build_load)


def evaluate(
    months: list[Month],
    teams: Iterable[TeamCapacity],
    plans: Iterable[ProjectPlan],
    envelopes: Mapping[int, Decimal],
) -> Evaluation:
    window = set(months)
    load: dict[tuple[str | None, Month], Decimal] = defaultdict(Decimal)
    spend: dict[Month, Decimal] = defaultdict(Decimal)
    for plan in plans:
        for month, hours in plan.effort.items():
            if month in window:
                load[(plan.team, month)] += hours
        for month, amount in plan.budget.items():
            spend[month] += amount  # months before the window count in the year to date
    team_months = [
        _team_month(team, month, load.get((team.code, month), ZERO))
        for team in sorted(teams, key=lambda t: t.code)
        for month in months
    ]
    known = {t.team for t in team_months}
    unassigned: dict[Month, Decimal] = defaultdict(Decimal)
    for (team, month), hours in load.items():
        if team is None or team not in known:
            unassigned[month] += hours
    budget = []
    for month in months:
        so_far = sum((a for m, a in spend.items() if m.year == month.year and m <= month), ZERO)
        budget.append(BudgetMonth(month, spend.get(month, ZERO), so_far, envelopes.get(month.year)))
    return Evaluation(months, team_months, budget, dict(sorted(unassigned.items())))
