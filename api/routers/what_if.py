"""What-if: the recorded history replayed under another rule set (reads only)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends

from api.deps import Allow, JalonDep
from api.routing import JalonRoute
from api.schemas.escalations import WhatIfIn
from domain.authorization import Operation
from domain.principal import Principal
from domain.services.what_if import what_if
from projections.history import governance_history

router = APIRouter(route_class=JalonRoute, prefix="/api/v1/rules", tags=["rule sets"])

Analyst = Annotated[Principal, Depends(Allow(Operation.RULES_WHAT_IF))]


@router.post("/what-if")
def replay_what_if(body: WhatIfIn, principal: Analyst, jalon: JalonDep) -> dict[str, Any]:
    """Which automatic escalations the alternative rule set would have raised at each month's
    close from `from` to `to`, and how that differs from those recorded. Writes nothing."""
    return what_if(
        principal, governance_history(jalon.runner.log), source=body.source, first=body.from_,
        last=body.to, zone=jalon.settings.zone,
    )  # fmt: skip
