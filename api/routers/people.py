"""People, their roles and their API tokens."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Response, status

from api.deps import SECRET_ANSWER, Allow, JalonDep, committed
from api.routing import JalonRoute
from api.schemas.common import CommandOut, Page
from api.schemas.people import (
    EstablishmentChange,
    PasswordIn,
    PersonCreate,
    PersonDetailOut,
    PersonDetailsIn,
    PersonOut,
    ReasonIn,
    RoleChange,
    TokenCreate,
    TokenOut,
)
from domain.authorization import Operation, Target, authorize
from domain.errors import NotFound
from domain.principal import Principal
from domain.services.people import validated_details
from domain.values import Role
from projections.queries.people import find_person, list_people

router = APIRouter(route_class=JalonRoute, prefix="/api/v1/people", tags=["people"])

Reader = Annotated[Principal, Depends(Allow(Operation.PERSON_READ))]
Manager = Annotated[Principal, Depends(Allow(Operation.PERSON_MANAGE))]
RoleManager = Annotated[Principal, Depends(Allow(Operation.ROLE_MANAGE))]
TokenIssuer = Annotated[Principal, Depends(Allow(Operation.TOKEN_ISSUE))]
TokenRevoker = Annotated[Principal, Depends(Allow(Operation.TOKEN_REVOKE))]
PasswordSetter = Annotated[Principal, Depends(Allow(Operation.PASSWORD_SET))]


@router.get("")
def people(
    principal: Reader,
    jalon: JalonDep,
    role: Role | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> Page[PersonOut]:
    authorize(principal, Operation.PERSON_READ, Target())
    with jalon.database.reading() as cursor:
        rows, total = list_people(
            cursor, role=role.value if role else None, limit=limit, offset=offset
        )
    return Page[PersonOut](
        items=[PersonOut.model_validate(r) for r in rows], total=total, limit=limit, offset=offset
    )


@router.get("/{person_id}")
def person(person_id: UUID, principal: Reader, jalon: JalonDep) -> PersonDetailOut:
    authorize(principal, Operation.PERSON_READ, Target(owner_id=person_id))
    with jalon.database.reading() as cursor:
        found = find_person(cursor, str(person_id))
    if found is None:
        raise NotFound(f"person {person_id} not found")
    return PersonDetailOut.model_validate(found)


@router.post("", status_code=status.HTTP_201_CREATED)
def register_person(
    body: PersonCreate, principal: Manager, jalon: JalonDep, response: Response
) -> CommandOut:
    result = jalon.people.register(
        principal,
        details=validated_details(body.login, body.display_name, body.email),
        establishment=body.establishment,
        roles=body.roles,
        reason=body.reason,
    )
    return committed(jalon, result, response)


@router.put("/{person_id}/details")
def change_details(
    person_id: UUID, body: PersonDetailsIn, principal: Manager, jalon: JalonDep, response: Response
) -> CommandOut:
    details = validated_details(body.login, body.display_name, body.email)
    return committed(
        jalon, jalon.people.change_details(principal, person_id, details=details), response
    )


@router.post("/{person_id}/roles")
def grant_role(
    person_id: UUID, body: RoleChange, principal: RoleManager, jalon: JalonDep, response: Response
) -> CommandOut:
    result = jalon.people.grant(principal, person_id, role=body.role, reason=body.reason)
    return committed(jalon, result, response)


@router.post("/{person_id}/roles/{role}/revoke")
def revoke_role(
    person_id: UUID,
    role: Role,
    body: ReasonIn,
    principal: RoleManager,
    jalon: JalonDep,
    response: Response,
) -> CommandOut:
    result = jalon.people.revoke(principal, person_id, role=role, reason=body.reason)
    return committed(jalon, result, response)


@router.post("/{person_id}/disable")
def disable_person(
    person_id: UUID, body: ReasonIn, principal: Manager, jalon: JalonDep, response: Response
) -> CommandOut:
    return committed(
        jalon, jalon.people.disable(principal, person_id, reason=body.reason), response
    )


@router.post("/{person_id}/enable")
def enable_person(
    person_id: UUID, body: ReasonIn, principal: Manager, jalon: JalonDep, response: Response
) -> CommandOut:
    return committed(jalon, jalon.people.enable(principal, person_id, reason=body.reason), response)


@router.post("/{person_id}/establishment")
def move_person(
    person_id: UUID,
    body: EstablishmentChange,
    principal: Manager,
    jalon: JalonDep,
    response: Response,
) -> CommandOut:
    result = jalon.people.move(
        principal, person_id, establishment=body.establishment, reason=body.reason
    )
    return committed(jalon, result, response)


@router.put("/{person_id}/password")
def set_password(
    person_id: UUID,
    body: PasswordIn,
    principal: PasswordSetter,
    jalon: JalonDep,
    response: Response,
) -> CommandOut:
    """An administrator sets a person's (initial) password; a person changes their own,
    giving the current one. Only an argon2 hash is kept, outside the event log."""
    result = jalon.people.set_password(
        principal, person_id, password=body.password, current_password=body.current_password
    )
    return committed(jalon, result, response)


@router.post(
    "/{person_id}/tokens", status_code=status.HTTP_201_CREATED, openapi_extra=SECRET_ANSWER
)
def issue_token(
    person_id: UUID, body: TokenCreate, principal: TokenIssuer, jalon: JalonDep, response: Response
) -> TokenOut:
    result, token, expires_at = jalon.people.issue_token(
        principal, person_id, valid_days=body.valid_days
    )
    committed(jalon, result, response)
    return TokenOut(token_id=token.token_id, token=token.bearer, expires_at=expires_at)


@router.post("/{person_id}/tokens/{token_id}/revoke")
def revoke_token(
    person_id: UUID,
    token_id: UUID,
    body: ReasonIn,
    principal: TokenRevoker,
    jalon: JalonDep,
    response: Response,
) -> CommandOut:
    result = jalon.people.revoke_token(principal, person_id, token_id=token_id, reason=body.reason)
    return committed(jalon, result, response)
