"""A project's planned effort per month."""

from __future__ import annotations

import pytest

from domain.effort_plan import EffortPlan, effort_plan_id_for
from domain.errors import Forbidden, InvalidCommand
from tests.support import Activity, Group
from tests.unit.conftest import Services


def planned(services: Services, activity: Activity) -> dict[str, int]:
    plan = services.store.get(effort_plan_id_for(activity.build))
    assert isinstance(plan, EffortPlan)
    return plan.months


def test_the_manager_plans_hours_per_month_and_zero_removes_a_month(
    services: Services, group: Group, activity: Activity
) -> None:
    services.effort_plans.plan(
        group.manager, activity.build, months={"2025-09": "120", "2025-10": "80.5"}, reason="plan"
    )
    assert planned(services, activity) == {"2025-09": 7200, "2025-10": 4830}
    services.effort_plans.plan(
        group.pmo, activity.build, months={"2025-09": 0, "2025-11": 40}, reason="replan"
    )
    assert planned(services, activity) == {"2025-10": 4830, "2025-11": 2400}
    [*_, last] = services.store.events.get(effort_plan_id_for(activity.build))
    assert isinstance(last, EffortPlan.Planned)
    assert last.months == {"2025-09": 0, "2025-11": 2400}  # only what changed


def test_only_the_projects_manager_or_the_pmo_plans(
    services: Services, group: Group, activity: Activity
) -> None:
    for outsider in (group.other_manager, group.staff, group.auditor):
        with pytest.raises(Forbidden):
            services.effort_plans.plan(outsider, activity.build, months={"2025-09": 1}, reason="x")


@pytest.mark.parametrize(
    ("months", "field"),
    [({"2025-13": 10}, "months.2025-13"), ({"2025-09": "-5"}, "months.2025-09"),
     ({"2025-09": "1.1"}, "months.2025-09"), ({}, "months")],
)  # fmt: skip
def test_planned_hours_are_valid_months_and_quarter_hours(
    services: Services, group: Group, activity: Activity, months: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidCommand) as refused:
        services.effort_plans.plan(group.manager, activity.build, months=months, reason="x")  # type: ignore[arg-type]
    assert refused.value.field == field


def test_a_plan_that_changes_nothing_is_refused(
    services: Services, group: Group, activity: Activity
) -> None:
    services.effort_plans.plan(group.manager, activity.build, months={"2025-09": 10}, reason="x")
    with pytest.raises(InvalidCommand, match="already has these hours"):
        services.effort_plans.plan(
            group.manager, activity.build, months={"2025-09": "10.00"}, reason="x"
        )
