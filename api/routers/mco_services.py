"""MCO services: commitments (PMO), monthly availability and incidents (the team keeping the
service running: its lead, or the PMO)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Response, status

from api.deps import Allow, JalonDep, committed
from api.routing import JalonRoute
from api.schemas.common import CommandOut
from api.schemas.mco import (
    AvailabilityIn,
    CommitmentsChange,
    IncidentIn,
    IncidentResolve,
    ServiceCreate,
    ServiceOut,
)
from domain.authorization import Operation
from domain.principal import Principal
from domain.services.mco_services import commitments_of
from projections.queries.commitments import list_services

router = APIRouter(route_class=JalonRoute, prefix="/api/v1/mco-services", tags=["MCO services"])

Reader = Annotated[Principal, Depends(Allow(Operation.REPORT_READ))]
Manager = Annotated[Principal, Depends(Allow(Operation.MCO_SERVICE_MANAGE))]
Measurer = Annotated[Principal, Depends(Allow(Operation.MCO_SERVICE_MEASURE))]


@router.get("")
def services(principal: Reader, jalon: JalonDep) -> list[ServiceOut]:
    with jalon.database.reading() as cursor:
        rows = list_services(cursor)
    return [ServiceOut.model_validate(r) for r in rows]


@router.post("", status_code=status.HTTP_201_CREATED)
def register(
    body: ServiceCreate, principal: Manager, jalon: JalonDep, response: Response
) -> CommandOut:
    result = jalon.mco_services.register(
        principal,
        code=body.code,
        name=body.name,
        team=body.team,
        commitments=commitments_of(body.availability_target, body.p1_resolution_hours),
        effective_from=body.effective_from,
    )
    return committed(jalon, result, response)


@router.post("/{code}/commitments")
def change_commitments(
    code: str, body: CommitmentsChange, principal: Manager, jalon: JalonDep, response: Response
) -> CommandOut:
    result = jalon.mco_services.change_commitments(
        principal,
        code,
        commitments=commitments_of(body.availability_target, body.p1_resolution_hours),
        effective_from=body.effective_from,
        reason=body.reason,
    )
    return committed(jalon, result, response)


@router.post("/{code}/availability", status_code=status.HTTP_201_CREATED)
def record_availability(
    code: str, body: AvailabilityIn, principal: Measurer, jalon: JalonDep, response: Response
) -> CommandOut:
    """A month's minutes of planned and unplanned unavailability, or its availability
    percent; a second measurement of a month corrects the first."""
    result = jalon.mco_services.record_availability(
        principal, code, month=body.month, planned_minutes=body.planned_minutes,
        unplanned_minutes=body.unplanned_minutes, availability=body.availability,
    )  # fmt: skip
    return committed(jalon, result, response)


@router.post("/{code}/incidents", status_code=status.HTTP_201_CREATED)
def record_incident(
    code: str, body: IncidentIn, principal: Measurer, jalon: JalonDep, response: Response
) -> CommandOut:
    result = jalon.mco_services.record_incident(
        principal, code, priority=body.priority, opened_at=body.opened_at,
        resolved_at=body.resolved_at, summary=body.summary,
    )  # fmt: skip
    return committed(jalon, result, response)


@router.post("/{code}/incidents/{incident_id}/resolve")
def resolve_incident(
    code: str,
    incident_id: UUID,
    body: IncidentResolve,
    principal: Measurer,
    jalon: JalonDep,
    response: Response,
) -> CommandOut:
    result = jalon.mco_services.resolve_incident(
        principal, code, incident_id, resolved_at=body.resolved_at
    )
    return committed(jalon, result, response)
