"""A project's time: planned effort per month, and the chart of time spent vs planned."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Response

from api.deps import Allow, JalonDep, committed
from api.routing import JalonRoute
from api.schemas.common import CommandOut
from api.schemas.reports import TimeChart
from api.schemas.timesheets import EffortPlanIn
from domain.authorization import Operation
from domain.calendar import Month
from domain.errors import NotFound
from domain.principal import Principal
from projections.queries.portfolio import find_project
from projections.queries.timeshare import project_time_chart

router = APIRouter(route_class=JalonRoute, prefix="/api/v1/projects", tags=["projects"])

Reader = Annotated[Principal, Depends(Allow(Operation.REPORT_READ))]
Editor = Annotated[Principal, Depends(Allow(Operation.PROJECT_UPDATE))]
MonthQuery = Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}$")]


@router.get("/{project}/time-chart")
def time_chart(
    project: str,
    principal: Reader,
    jalon: JalonDep,
    from_: Annotated[str | None, Query(alias="from", pattern=r"^\d{4}-\d{2}$")] = None,
    to: MonthQuery = None,
) -> TimeChart:
    """Validated hours spent and planned hours per month, with running totals; recorded
    hours not validated yet are shown apart."""
    with jalon.database.reading() as cursor:
        found = find_project(cursor, project)
        if found is None:
            raise NotFound(f"project {project} not found")
        chart = project_time_chart(
            cursor,
            found["id"],
            first=Month.parse(from_, field="from") if from_ else None,
            last=Month.parse(to, field="to") if to else None,
        )
    info = {"id": found["id"], "code": found["code"], "name": found["name"], "kind": found["kind"]}
    return TimeChart.model_validate({"project": info, **chart})


@router.put("/{project_id}/effort-plan")
def plan_effort(
    project_id: UUID, body: EffortPlanIn, principal: Editor, jalon: JalonDep, response: Response
) -> CommandOut:
    """Planned hours per month (`{"2026-01": "120", ...}`); 0 takes a month out of the plan."""
    result = jalon.effort_plans.plan(
        principal, project_id, months=dict(body.months), reason=body.reason
    )
    return committed(jalon, result, response)
