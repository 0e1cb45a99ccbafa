"""Escalations (project assistance): the board, one escalation with its steps, and the steps
of its life cycle. The PMO opens (by hand), assigns an assistant, closes and cancels; the
project's manager acknowledges, agrees the action plan and starts the monitoring."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Response, status

from api.deps import Allow, JalonDep, committed
from api.routing import JalonRoute
from api.schemas.common import CommandOut
from api.schemas.escalations import ActionPlanIn, AssistantIn, EscalationOpen, Step
from domain.authorization import Operation
from domain.errors import NotFound
from domain.principal import Principal
from domain.services.escalations import ActionInput
from projections.queries.escalations import board as board_query
from projections.queries.escalations import get_escalation, list_escalations

router = APIRouter(route_class=JalonRoute, prefix="/api/v1/escalations", tags=["escalations"])

Reader = Annotated[Principal, Depends(Allow(Operation.ESCALATION_READ))]
Manager = Annotated[Principal, Depends(Allow(Operation.ESCALATION_MANAGE))]
Responder = Annotated[Principal, Depends(Allow(Operation.ESCALATION_RESPOND))]
State = Literal["opened", "acknowledged", "action_plan_agreed", "monitoring", "closed", "cancelled"]


@router.get("")
def escalations(
    principal: Reader,
    jalon: JalonDep,
    state: State | None = None,
    project_id: UUID | None = None,
    origin: Literal["manual", "automatic"] | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> list[dict[str, Any]]:
    """Escalations, newest first; filters by state, project and origin."""
    with jalon.database.reading() as cursor:
        return list_escalations(
            cursor, state=state, project_id=str(project_id) if project_id else None,
            origin=origin, limit=limit, offset=offset,
        )  # fmt: skip


@router.get("/board")
def board(principal: Reader, jalon: JalonDep) -> dict[str, Any]:
    """How many escalations stand in each state, and the open ones by state."""
    with jalon.database.reading() as cursor:
        return board_query(cursor)


@router.get("/{escalation_id}")
def escalation(escalation_id: UUID, principal: Reader, jalon: JalonDep) -> dict[str, Any]:
    """One escalation with every step (who, when, why)."""
    with jalon.database.reading() as cursor:
        found = get_escalation(cursor, str(escalation_id))
    if found is None:
        raise NotFound(f"escalation {escalation_id} not found")
    return found


@router.post("", status_code=status.HTTP_201_CREATED)
def open_escalation(
    body: EscalationOpen, principal: Manager, jalon: JalonDep, response: Response
) -> CommandOut:
    result = jalon.escalations.open(
        principal, project_id=body.project_id, reason=body.reason, assistant_id=body.assistant_id
    )
    return committed(jalon, result, response)


@router.post("/{escalation_id}/assistant")
def assign_assistant(
    escalation_id: UUID, body: AssistantIn, principal: Manager, jalon: JalonDep, response: Response
) -> CommandOut:
    result = jalon.escalations.assign_assistant(
        principal, escalation_id, assistant_id=body.assistant_id, reason=body.reason,
        expected_version=body.expected_version,
    )  # fmt: skip
    return committed(jalon, result, response)


@router.post("/{escalation_id}/acknowledge")
def acknowledge(
    escalation_id: UUID, body: Step, principal: Responder, jalon: JalonDep, response: Response
) -> CommandOut:
    result = jalon.escalations.acknowledge(
        principal, escalation_id, reason=body.reason, expected_version=body.expected_version
    )
    return committed(jalon, result, response)


@router.post("/{escalation_id}/action-plan")
def agree_action_plan(
    escalation_id: UUID, body: ActionPlanIn, principal: Responder, jalon: JalonDep,
    response: Response,
) -> CommandOut:  # fmt: skip
    actions = [ActionInput(a.description, a.owner_id, a.due) for a in body.actions]
    result = jalon.escalations.agree_action_plan(
        principal, escalation_id, actions=actions, reason=body.reason,
        expected_version=body.expected_version,
    )  # fmt: skip
    return committed(jalon, result, response)


@router.post("/{escalation_id}/monitoring")
def start_monitoring(
    escalation_id: UUID, body: Step, principal: Responder, jalon: JalonDep, response: Response
) -> CommandOut:
    result = jalon.escalations.start_monitoring(
        principal, escalation_id, reason=body.reason, expected_version=body.expected_version
    )
    return committed(jalon, result, response)


@router.post("/{escalation_id}/close")
def close(
    escalation_id: UUID, body: Step, principal: Manager, jalon: JalonDep, response: Response
) -> CommandOut:
    result = jalon.escalations.close(
        principal, escalation_id, reason=body.reason, expected_version=body.expected_version
    )
    return committed(jalon, result, response)


@router.post("/{escalation_id}/cancel")
def cancel(
    escalation_id: UUID, body: Step, principal: Manager, jalon: JalonDep, response: Response
) -> CommandOut:
    result = jalon.escalations.cancel(
        principal, escalation_id, reason=body.reason, expected_version=body.expected_version
    )
    return committed(jalon, result, response)
