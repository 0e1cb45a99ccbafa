"""Governance bodies: constitution, members, chair, the projects a COPIL steers."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Response, status

from api.deps import Allow, JalonDep, committed
from api.routing import JalonRoute
from api.schemas.common import CommandOut
from api.schemas.governance import BodyCreate, BodyOut, PersonIn, ProjectIn
from api.schemas.people import ReasonIn
from domain.authorization import Operation
from domain.errors import NotFound
from domain.principal import Principal
from governance_rules.decisions import quorum_needed
from governance_rules.ruleset import BodyKind
from infrastructure.database import Cursor
from projections.queries.governance import find_body, list_bodies
from projections.queries.rulesets import rule_set_in_force

router = APIRouter(route_class=JalonRoute, prefix="/api/v1/bodies", tags=["governance bodies"])

Reader = Annotated[Principal, Depends(Allow(Operation.GOVERNANCE_READ))]
Manager = Annotated[Principal, Depends(Allow(Operation.BODY_MANAGE))]


def _with_rules(cursor: Cursor, bodies: list[dict[str, Any]]) -> list[BodyOut]:
    """Quorum and decision mode come from the rule set in force, per kind of body."""
    in_force = rule_set_in_force(cursor, datetime.now(UTC))
    out = []
    for body in bodies:
        rules = in_force.rules.bodies.get(BodyKind(body["kind"])) if in_force else None
        out.append(
            BodyOut.model_validate(
                body
                | {
                    "quorum": quorum_needed(rules, len(body["members"])) if rules else None,
                    "decision_mode": rules.decision_mode.value if rules else None,
                }
            )
        )
    return out


@router.get("")
def bodies(principal: Reader, jalon: JalonDep) -> list[BodyOut]:
    with jalon.database.reading() as cursor:
        return _with_rules(cursor, list_bodies(cursor))


@router.get("/{body}")
def body(body: str, principal: Reader, jalon: JalonDep) -> BodyOut:
    """A body by id or code."""
    with jalon.database.reading() as cursor:
        found = find_body(cursor, body)
        if found is None:
            raise NotFound(f"body {body} not found")
        return _with_rules(cursor, [found])[0]


@router.post("", status_code=status.HTTP_201_CREATED)
def constitute(
    body: BodyCreate, principal: Manager, jalon: JalonDep, response: Response
) -> CommandOut:
    result = jalon.bodies.constitute(principal, **body.model_dump())
    return committed(jalon, result, response)


@router.post("/{body_id}/members", status_code=status.HTTP_201_CREATED)
def appoint_member(
    body_id: UUID, body: PersonIn, principal: Manager, jalon: JalonDep, response: Response
) -> CommandOut:
    """Appoint a member (a person holding the committee_member role)."""
    result = jalon.bodies.appoint_member(principal, body_id, **body.model_dump())
    return committed(jalon, result, response)


@router.post("/{body_id}/members/{person_id}/remove")
def remove_member(
    body_id: UUID,
    person_id: UUID,
    body: ReasonIn,
    principal: Manager,
    jalon: JalonDep,
    response: Response,
) -> CommandOut:
    result = jalon.bodies.remove_member(principal, body_id, person_id=person_id, reason=body.reason)
    return committed(jalon, result, response)


@router.post("/{body_id}/chair")
def appoint_chair(
    body_id: UUID, body: PersonIn, principal: Manager, jalon: JalonDep, response: Response
) -> CommandOut:
    result = jalon.bodies.appoint_chair(principal, body_id, **body.model_dump())
    return committed(jalon, result, response)


@router.post("/{body_id}/projects", status_code=status.HTTP_201_CREATED)
def attach_project(
    body_id: UUID, body: ProjectIn, principal: Manager, jalon: JalonDep, response: Response
) -> CommandOut:
    """A COPIL or project committee takes a project under its steering."""
    result = jalon.bodies.attach_project(principal, body_id, **body.model_dump())
    return committed(jalon, result, response)


@router.post("/{body_id}/projects/{project_id}/detach")
def detach_project(
    body_id: UUID,
    project_id: UUID,
    body: ReasonIn,
    principal: Manager,
    jalon: JalonDep,
    response: Response,
) -> CommandOut:
    result = jalon.bodies.detach_project(
        principal, body_id, project_id=project_id, reason=body.reason
    )
    return committed(jalon, result, response)
