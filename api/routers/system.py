"""Health and identity."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from api.deps import Allow, JalonDep, Public
from api.routing import JalonRoute
from api.schemas.people import MeOut
from domain.authorization import Operation
from domain.principal import Principal
from projections.queries.names import person_label

router = APIRouter(route_class=JalonRoute, prefix="/api/v1", tags=["system"])


@router.get("/health", dependencies=[Depends(Public)])
def health(jalon: JalonDep) -> dict[str, object]:
    """Liveness and how far the views are behind the log."""
    position = jalon.runner.position()
    return {"status": "ok", "views_position": position}


@router.get("/me")
def me(
    principal: Annotated[Principal, Depends(Allow(Operation.PROJECT_READ))], jalon: JalonDep
) -> MeOut:
    assert principal.person_id is not None
    details = jalon.directory.details(principal.person_id)
    number = jalon.people.load(principal.person_id).number
    return MeOut(
        id=principal.person_id,
        roles=sorted(principal.roles),
        establishment=principal.establishment,
        name=person_label(details.display_name if details else None, number),
    )
