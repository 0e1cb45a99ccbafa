"""Capacity, load and budget month by month (pure maths), and the scenario's own rules."""

from __future__ import annotations

from decimal import Decimal

import pytest

from domain.calendar import Month
from domain.errors import Conflict, Forbidden, InvalidCommand
from domain.planning import ProjectPlan, TeamCapacity, budget_by_month, evaluate, spread
from domain.principal import SYSTEM
from domain.scenario import Arbitration, ScenarioState
from domain.services.scenarios import ScenarioService
from tests.support import Group, project_registration, seed_governance
from tests.unit.conftest import Services

JAN, FEB, MAR = Month(2027, 1), Month(2027, 2), Month(2027, 3)
D = Decimal


def test_spread_adds_up_to_the_cent() -> None:
    parts = spread(D("100.00"), {JAN: D(1), FEB: D(1), MAR: D(1)})
    assert parts == {JAN: D("33.33"), FEB: D("33.33"), MAR: D("33.34")}
    assert spread(D(5), {}) == {}


def test_budget_follows_the_hours_and_a_year_without_hours_is_even() -> None:
    budget = budget_by_month({2027: D("1000"), 2028: D("1200")}, {JAN: D(30), FEB: D(10)})
    assert budget[JAN] == D("750.00") and budget[FEB] == D("250.00")
    assert all(budget[Month(2028, m)] == D("100.00") for m in range(1, 13))


def test_evaluation_flags_overloaded_months_and_budget_over_the_envelope() -> None:
    team = TeamCapacity("PROJ", "Projets", {JAN: 2, FEB: 2, MAR: 1}, D(100), {JAN: D(50)})
    plan = ProjectPlan("p", "P-1", "PROJ", {JAN: D(150), FEB: D(150)}, {JAN: D(600), FEB: D(600)})
    stray = ProjectPlan("q", "Q-1", None, {MAR: D(10)}, {})
    result = evaluate([JAN, FEB, MAR], [team], [plan.shifted(1), stray], {2027: D(1000)})
    rows = [(t.month, t.available, t.build_load, t.overloaded) for t in result.teams]
    assert rows == [
        (JAN, D(150), D(0), False),
        (FEB, D(200), D(150), False),
        (MAR, D(100), D(150), True),  # one person left
    ]
    assert [(b.month, b.year_to_date, b.over) for b in result.budget] == [
        (JAN, D(0), False), (FEB, D(600), False), (MAR, D(1200), True),
    ]  # fmt: skip
    assert result.unassigned == {MAR: D(10)}
    assert result.months_over_budget == [MAR]


def test_a_scenario_changes_only_while_draft(services: Services, group: Group) -> None:
    gov = seed_governance(services)
    scenarios = ScenarioService(services.store, services.gate_reviews)
    project = services.projects.register(group.pmo, project_registration(group)).id
    with pytest.raises(Forbidden):
        scenarios.draft(SYSTEM, code="S1", name="s", envelopes={}, reason="r")
    scenarios.draft(group.pmo, code="s1", name="s", envelopes={2027: "10"}, reason="r")
    with pytest.raises(Conflict, match="already exists"):
        scenarios.draft(group.pmo, code="S1", name="s", envelopes={}, reason="r")
    with pytest.raises(InvalidCommand) as raised:
        scenarios.draft(group.pmo, code="S2", name="s", envelopes={1999: "10"}, reason="r")
    assert raised.value.field == "envelopes"
    with pytest.raises(Conflict, match="selects no project"):
        scenarios.present(group.pmo, "S1", body_id=gov.decision_body, reason="r")
    with pytest.raises(InvalidCommand):
        scenarios.choose(group.pmo, "S1", project_id=project, selected=True, shift_months=37,
                         reason="r")  # fmt: skip
    scenarios.choose(group.pmo, "S1", project_id=project, selected=True, reason="r")
    with pytest.raises(Conflict, match="only a presented scenario"):
        scenarios.arbitrate(gov.chair, "S1", outcome=Arbitration.REJECT, reason="r")
    scenarios.present(group.pmo, "S1", body_id=gov.decision_body, reason="r")
    with pytest.raises(Conflict, match="presented: cannot change it"):
        scenarios.set_envelope(group.pmo, "S1", year=2027, amount="20", reason="r")
    with pytest.raises(Forbidden):
        scenarios.arbitrate(gov.members[0], "S1", outcome=Arbitration.REJECT, reason="r")
    scenarios.arbitrate(gov.chair, "S1", outcome=Arbitration.REJECT, reason="no money")
    assert scenarios.load("S1").state is ScenarioState.REJECTED
    assert services.projects.load(project).phase.value == "opportunity"  # nothing live moved
