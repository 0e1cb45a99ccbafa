"""Planned effort per project and month: kept by the project's manager or the PMO."""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID

from domain.authorization import Operation, authorize
from domain.calendar import Month
from domain.effort_plan import EffortPlan, effort_plan_id_for
from domain.errors import InvalidCommand, NotFound
from domain.principal import Principal
from domain.project import Project
from domain.services.projects import project_target
from domain.services.results import CommandResult
from domain.store import EventStore
from domain.timesheet import minutes_from_hours
from domain.values import require_reason

MAX_MONTHS = 120
MAX_MONTHLY_HOURS = 100_000


class EffortPlanService:
    def __init__(self, store: EventStore) -> None:
        self.store = store

    def plan(
        self,
        principal: Principal,
        project_id: UUID,
        *,
        months: dict[str, Decimal | str | int],
        reason: str,
    ) -> CommandResult:
        """Set the planned hours of the months given (0 takes a month out of the plan)."""
        project: Project = self.store.load(Project, project_id, what=f"project {project_id}")
        authorize(principal, Operation.PROJECT_UPDATE, project_target(project))
        project.require_open("plan its effort")
        planned = _planned_minutes(months)
        reason = require_reason(reason)
        try:
            plan: EffortPlan = self.store.load(
                EffortPlan, effort_plan_id_for(project_id), what="effort plan"
            )
        except NotFound:
            plan = EffortPlan.start(actor=principal.actor, project_id=project_id)
        plan.plan(actor=principal.actor, months=planned, reason=reason)
        return CommandResult(project_id, plan.version, self.store.record(plan))


def _planned_minutes(months: dict[str, Decimal | str | int]) -> dict[Month, int]:
    if not months:
        raise InvalidCommand("name at least one month", field="months")
    if len(months) > MAX_MONTHS:
        raise InvalidCommand(f"at most {MAX_MONTHS} months at once", field="months")
    planned: dict[Month, int] = {}
    for text, hours in months.items():
        month = Month.parse(text, field=f"months.{text}")
        planned[month] = minutes_from_hours(
            hours, field=f"months.{month}", maximum_hours=MAX_MONTHLY_HOURS
        )
    return planned
