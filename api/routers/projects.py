"""Project commands and the project detail query."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Path, Response, status

from api.deps import Allow, JalonDep, committed
from api.routing import JalonRoute
from api.schemas.common import CommandOut
from api.schemas.projects import (
    BudgetIn,
    CharterUpdate,
    ManagerChange,
    MilestoneAchieve,
    MilestoneCreate,
    MilestoneReforecast,
    ProjectCreate,
    ProjectDetail,
    RiskClose,
    RiskCreate,
    RiskReassess,
    StatusReportIn,
)
from domain.authorization import Operation
from domain.errors import NotFound
from domain.principal import Principal
from domain.services.projects import ProjectRegistration
from projections.queries.portfolio import find_project, project_detail

router = APIRouter(route_class=JalonRoute, prefix="/api/v1/projects", tags=["projects"])

Reader = Annotated[Principal, Depends(Allow(Operation.PROJECT_READ))]
Registrar = Annotated[Principal, Depends(Allow(Operation.PROJECT_REGISTER))]
Editor = Annotated[Principal, Depends(Allow(Operation.PROJECT_UPDATE))]
Reassigner = Annotated[Principal, Depends(Allow(Operation.PROJECT_REASSIGN))]


@router.post("", status_code=status.HTTP_201_CREATED)
def register_project(
    body: ProjectCreate, principal: Registrar, jalon: JalonDep, response: Response
) -> CommandOut:
    result = jalon.projects.register(
        principal,
        ProjectRegistration(**body.model_dump(mode="python")),
    )
    return committed(jalon, result, response)


@router.get("/{project}")
def get_project(
    project: Annotated[str, Path(max_length=64, description="id or code")],
    principal: Reader,
    jalon: JalonDep,
) -> ProjectDetail:
    """A project by id or by code, with its budget lines, milestones, reports and risks."""
    with jalon.database.reading() as cursor:
        found = find_project(cursor, project)
        detail: dict[str, Any] | None = project_detail(cursor, found["id"]) if found else None
    if detail is None:
        raise NotFound(f"project {project} not found")
    return ProjectDetail.model_validate(detail)


@router.patch("/{project_id}/charter")
def update_charter(
    project_id: UUID, body: CharterUpdate, principal: Editor, jalon: JalonDep, response: Response
) -> CommandOut:
    changes = body.model_dump(exclude={"reason", "expected_version"}, exclude_none=True)
    result = jalon.projects.update_charter(
        principal,
        project_id,
        changes=changes,
        reason=body.reason,
        expected_version=body.expected_version,
    )
    return committed(jalon, result, response)


@router.post("/{project_id}/manager")
def change_manager(
    project_id: UUID,
    body: ManagerChange,
    principal: Reassigner,
    jalon: JalonDep,
    response: Response,
) -> CommandOut:
    result = jalon.projects.change_manager(
        principal,
        project_id,
        manager_id=body.manager_id,
        reason=body.reason,
        expected_version=body.expected_version,
    )
    return committed(jalon, result, response)


@router.put("/{project_id}/budget/{year}")
def record_budget(
    project_id: UUID,
    year: Annotated[int, Path(ge=2000, le=2100)],
    body: BudgetIn,
    principal: Editor,
    jalon: JalonDep,
    response: Response,
) -> CommandOut:
    result = jalon.projects.record_budget(
        principal,
        project_id,
        year=year,
        envelope=body.envelope,
        committed=body.committed,
        spent=body.spent,
        forecast=body.forecast,
        reason=body.reason,
        expected_version=body.expected_version,
    )
    return committed(jalon, result, response)


@router.post("/{project_id}/milestones", status_code=status.HTTP_201_CREATED)
def add_milestone(
    project_id: UUID, body: MilestoneCreate, principal: Editor, jalon: JalonDep, response: Response
) -> CommandOut:
    result = jalon.projects.add_milestone(
        principal,
        project_id,
        name=body.name,
        baseline=body.baseline,
        expected_version=body.expected_version,
    )
    return committed(jalon, result, response)


@router.post("/{project_id}/milestones/{milestone_id}/reforecast")
def reforecast_milestone(
    project_id: UUID,
    milestone_id: UUID,
    body: MilestoneReforecast,
    principal: Editor,
    jalon: JalonDep,
    response: Response,
) -> CommandOut:
    result = jalon.projects.reforecast_milestone(
        principal,
        project_id,
        milestone_id,
        forecast=body.forecast,
        reason=body.reason,
        expected_version=body.expected_version,
    )
    return committed(jalon, result, response)


@router.post("/{project_id}/milestones/{milestone_id}/achieve")
def achieve_milestone(
    project_id: UUID,
    milestone_id: UUID,
    body: MilestoneAchieve,
    principal: Editor,
    jalon: JalonDep,
    response: Response,
) -> CommandOut:
    result = jalon.projects.achieve_milestone(
        principal,
        project_id,
        milestone_id,
        achieved_on=body.achieved_on,
        expected_version=body.expected_version,
    )
    return committed(jalon, result, response)


@router.post("/{project_id}/status-reports", status_code=status.HTTP_201_CREATED)
def report_status(
    project_id: UUID, body: StatusReportIn, principal: Editor, jalon: JalonDep, response: Response
) -> CommandOut:
    result = jalon.projects.report_status(
        principal,
        project_id,
        month=body.month,
        weather=body.weather.model_dump(mode="json"),
        comment=body.comment,
        expected_version=body.expected_version,
    )
    return committed(jalon, result, response)


@router.post("/{project_id}/risks", status_code=status.HTTP_201_CREATED)
def add_risk(
    project_id: UUID, body: RiskCreate, principal: Editor, jalon: JalonDep, response: Response
) -> CommandOut:
    result = jalon.projects.add_risk(
        principal,
        project_id,
        title=body.title,
        gravity=body.gravity,
        probability=body.probability,
        owner_id=body.owner_id,
        treatment_plan=body.treatment_plan,
        expected_version=body.expected_version,
    )
    return committed(jalon, result, response)


@router.post("/{project_id}/risks/{risk_id}/reassess")
def reassess_risk(
    project_id: UUID,
    risk_id: UUID,
    body: RiskReassess,
    principal: Editor,
    jalon: JalonDep,
    response: Response,
) -> CommandOut:
    result = jalon.projects.reassess_risk(
        principal,
        project_id,
        risk_id,
        gravity=body.gravity,
        probability=body.probability,
        treatment_plan=body.treatment_plan,
        reason=body.reason,
        expected_version=body.expected_version,
    )
    return committed(jalon, result, response)


@router.post("/{project_id}/risks/{risk_id}/close")
def close_risk(
    project_id: UUID,
    risk_id: UUID,
    body: RiskClose,
    principal: Editor,
    jalon: JalonDep,
    response: Response,
) -> CommandOut:
    result = jalon.projects.close_risk(
        principal, project_id, risk_id, reason=body.reason, expected_version=body.expected_version
    )
    return committed(jalon, result, response)
