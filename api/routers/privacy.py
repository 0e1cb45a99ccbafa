"""Personal data (GDPR, issue 11): erase a person's details; export everything held about
them (subject access). Administrators only."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Response

from api.deps import Allow, JalonDep, committed
from api.routing import JalonRoute
from api.schemas.common import CommandOut
from api.schemas.people import ReasonIn
from domain.authorization import Operation
from domain.errors import NotFound
from domain.principal import Principal
from projections.queries.subject_access import subject_access

router = APIRouter(route_class=JalonRoute, prefix="/api/v1/people", tags=["personal data"])

Eraser = Annotated[Principal, Depends(Allow(Operation.PERSON_ERASE))]
Exporter = Annotated[Principal, Depends(Allow(Operation.PERSON_EXPORT))]


@router.post("/{person_id}/erase")
def erase_person(
    person_id: UUID, body: ReasonIn, principal: Eraser, jalon: JalonDep, response: Response
) -> CommandOut:
    """Erase the person's name, login and e-mail, credentials and sessions; the history keeps
    them as "erased person #N". The event (`Person.Erased`) names no personal data."""
    result = jalon.privacy.erase(principal, person_id, reason=body.reason)
    return committed(jalon, result, response)


@router.get("/{person_id}/personal-data")
def personal_data(person_id: UUID, principal: Exporter, jalon: JalonDep) -> dict[str, Any]:
    """Everything held about the person (GDPR subject access), as JSON."""
    jalon.privacy.authorize_export(principal)
    with jalon.database.reading() as cursor:
        try:
            return subject_access(cursor, jalon.runner.log, str(person_id))
        except LookupError:
            raise NotFound(f"person {person_id} not found") from None
