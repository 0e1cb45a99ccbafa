"""Teams: who leads them, their run projects, who belongs to them."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Response, status

from api.deps import Allow, JalonDep, committed
from api.routing import JalonRoute
from api.schemas.common import CommandOut
from api.schemas.teams import (
    LeadChange,
    MemberIn,
    MemberLeave,
    RunProjectIn,
    TeamCreate,
    TeamDetail,
    TeamOut,
)
from domain.authorization import Operation
from domain.errors import NotFound
from domain.principal import Principal
from projections.queries.teams import list_teams, team_detail

router = APIRouter(route_class=JalonRoute, prefix="/api/v1/teams", tags=["teams"])

Reader = Annotated[Principal, Depends(Allow(Operation.TEAM_READ))]
Manager = Annotated[Principal, Depends(Allow(Operation.TEAM_MANAGE))]


@router.get("")
def teams(principal: Reader, jalon: JalonDep) -> list[TeamOut]:
    with jalon.database.reading() as cursor:
        rows = list_teams(cursor, jalon.today())
    return [TeamOut.model_validate(r) for r in rows]


@router.get("/{code}")
def team(code: str, principal: Reader, jalon: JalonDep) -> TeamDetail:
    """A team with its memberships over time (current members first)."""
    with jalon.database.reading() as cursor:
        found = team_detail(cursor, code, jalon.today())
    if found is None:
        raise NotFound(f"team {code} not found")
    return TeamDetail.model_validate(found)


@router.post("", status_code=status.HTTP_201_CREATED)
def form_team(
    body: TeamCreate, principal: Manager, jalon: JalonDep, response: Response
) -> CommandOut:
    result = jalon.teams.form(principal, **body.model_dump())
    return committed(jalon, result, response)


@router.post("/{code}/lead")
def appoint_lead(
    code: str, body: LeadChange, principal: Manager, jalon: JalonDep, response: Response
) -> CommandOut:
    result = jalon.teams.appoint_lead(principal, code, lead_id=body.lead_id, reason=body.reason)
    return committed(jalon, result, response)


@router.post("/{code}/run-projects")
def attach_run_project(
    code: str, body: RunProjectIn, principal: Manager, jalon: JalonDep, response: Response
) -> CommandOut:
    result = jalon.teams.attach_run_project(principal, code, project_id=body.project_id)
    return committed(jalon, result, response)


@router.post("/{code}/members")
def add_member(
    code: str, body: MemberIn, principal: Manager, jalon: JalonDep, response: Response
) -> CommandOut:
    """The person joins the team from `since`, leaving their previous team that day."""
    result = jalon.teams.assign(
        principal, body.person_id, team=code, since=body.since, reason=body.reason
    )
    return committed(jalon, result, response)


@router.post("/{code}/members/{person_id}/leave")
def remove_member(
    code: str,
    person_id: UUID,
    body: MemberLeave,
    principal: Manager,
    jalon: JalonDep,
    response: Response,
) -> CommandOut:
    result = jalon.teams.release(
        principal, person_id, team=code, until=body.until, reason=body.reason
    )
    return committed(jalon, result, response)
