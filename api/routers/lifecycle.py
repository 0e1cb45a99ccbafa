"""A project's life cycle: its deliverables, and its requests for a decision (a gate, or a
suspension, resumption or abandonment)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Response, status

from api.deps import Allow, JalonDep, committed
from api.routing import JalonRoute
from api.schemas.common import CommandOut
from api.schemas.governance import (
    DeliverableChecklist,
    DeliverableIn,
    GateRequestIn,
    LifeCycleRequestIn,
    OpenConditionOut,
)
from domain.authorization import Operation
from domain.errors import NotFound
from domain.principal import Principal
from lifecycle.phases import Phase
from projections.queries.governance import open_conditions, project_deliverables
from projections.queries.portfolio import find_project
from projections.queries.rulesets import rule_set_in_force

router = APIRouter(route_class=JalonRoute, prefix="/api/v1/projects", tags=["life cycle"])

Reader = Annotated[Principal, Depends(Allow(Operation.PROJECT_READ))]
Submitter = Annotated[Principal, Depends(Allow(Operation.DELIVERABLE_SUBMIT))]
Requester = Annotated[Principal, Depends(Allow(Operation.REVIEW_REQUEST))]


@router.post("/{project_id}/deliverables", status_code=status.HTTP_201_CREATED)
def submit_deliverable(
    project_id: UUID, body: DeliverableIn, principal: Submitter, jalon: JalonDep, response: Response
) -> CommandOut:
    """Submit (a new version of) a deliverable of the project's current phase."""
    result = jalon.deliverables.submit(principal, project_id, **body.model_dump())
    return committed(jalon, result, response)


@router.get("/{project_id}/deliverables")
def deliverables(project_id: UUID, principal: Reader, jalon: JalonDep) -> DeliverableChecklist:
    """The deliverables the rule set in force lists for the project's phase, and those
    submitted."""
    with jalon.database.reading() as cursor:
        project = find_project(cursor, str(project_id))
        in_force = rule_set_in_force(cursor, datetime.now(UTC))
        submitted = {d["kind"]: d for d in project_deliverables(cursor, str(project_id))}
    if project is None:
        raise NotFound(f"project {project_id} not found")
    if in_force is None:
        raise NotFound("no rule set is in force")
    phase = Phase(project["phase"])
    return DeliverableChecklist.model_validate(
        {
            "phase": phase,
            "rule_set": in_force.rules.label,
            "deliverables": [
                {**d.model_dump(), "submitted": submitted.get(d.kind)}
                for d in in_force.rules.deliverables_of(phase)
            ],
        }
    )


@router.post("/{project_id}/gate-requests", status_code=status.HTTP_201_CREATED)
def request_gate(
    project_id: UUID, body: GateRequestIn, principal: Requester, jalon: JalonDep, response: Response
) -> CommandOut:
    """Ask for the gate leaving the project's phase; answers the new gate review."""
    result = jalon.gate_reviews.request_gate(principal, project_id, gate=body.gate, note=body.note)
    return committed(jalon, result, response)


@router.post("/{project_id}/lifecycle-requests", status_code=status.HTTP_201_CREATED)
def request_action(
    project_id: UUID,
    body: LifeCycleRequestIn,
    principal: Requester,
    jalon: JalonDep,
    response: Response,
) -> CommandOut:
    """Ask the deciding body to suspend, resume or abandon the project."""
    result = jalon.gate_reviews.request_action(
        principal, project_id, action=body.action, reason=body.reason
    )
    return committed(jalon, result, response)


@router.get("/{project_id}/conditions")
def conditions(project_id: UUID, principal: Reader, jalon: JalonDep) -> list[OpenConditionOut]:
    """Conditions of approvals still open."""
    with jalon.database.reading() as cursor:
        rows = open_conditions(cursor, str(project_id))
    return [OpenConditionOut.model_validate(r) for r in rows]
