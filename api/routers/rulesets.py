"""Rule sets: adoptions, the one in force at an instant, adoption, a dry check; and the
life-cycle diagrams."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response, status

from api.deps import Allow, JalonDep, committed
from api.routing import JalonRoute
from api.schemas.common import CommandOut, Instant
from api.schemas.governance import (
    AdoptionOut,
    DiagramsOut,
    RuleSetCheckIn,
    RuleSetCheckOut,
    RuleSetIn,
    RuleSetInForceOut,
)
from domain.authorization import Operation
from domain.errors import NotFound
from domain.principal import Principal
from governance_rules.loading import load
from lifecycle.gate_review import GATE_REVIEW_LIFE_CYCLE
from lifecycle.project_phases import PROJECT_LIFE_CYCLE
from projections.queries.rulesets import list_adoptions, rule_set_in_force

router = APIRouter(route_class=JalonRoute, prefix="/api/v1", tags=["rule sets"])

Reader = Annotated[Principal, Depends(Allow(Operation.GOVERNANCE_READ))]
Adopter = Annotated[Principal, Depends(Allow(Operation.RULESET_ADOPT))]


@router.get("/rule-sets")
def adoptions(principal: Reader, jalon: JalonDep) -> list[AdoptionOut]:
    """Every adoption, oldest first."""
    with jalon.database.reading() as cursor:
        return [AdoptionOut.model_validate(a) for a in list_adoptions(cursor)]


@router.get(
    "/rule-sets/in-force", responses={404: {"description": "no rule set was in force then"}}
)
def in_force(
    principal: Reader,
    jalon: JalonDep,
    at: Annotated[
        Instant | None, Query(description="an instant (default now; UTC if no zone)")
    ] = None,
) -> RuleSetInForceOut:
    """The rule set in force at an instant."""
    instant = (at if at.tzinfo else at.replace(tzinfo=UTC)) if at else datetime.now(UTC)
    with jalon.database.reading() as cursor:
        found = rule_set_in_force(cursor, instant)
    if found is None:
        raise NotFound(f"no rule set was in force at {instant.isoformat()}")
    return RuleSetInForceOut(
        content_hash=found.content_hash,
        label=found.rules.label,
        adopted_at=found.adopted_at,
        rules=found.rules.model_dump(mode="json"),
    )


@router.post("/rule-sets", status_code=status.HTTP_201_CREATED)
def adopt(body: RuleSetIn, principal: Adopter, jalon: JalonDep, response: Response) -> CommandOut:
    """Adopt a rule set (its YAML text); in force from now on, for decisions to come."""
    result = jalon.rulesets.adopt(principal, source=body.source, reason=body.reason)
    return committed(jalon, result, response)


@router.post("/rule-sets/check")
def check(body: RuleSetCheckIn, principal: Reader) -> RuleSetCheckOut:
    """Validate a rule set without adopting it: 422 lists each problem with its line."""
    loaded = load(body.source)
    return RuleSetCheckOut(label=loaded.rules.label, content_hash=loaded.content_hash)


@router.get("/lifecycle/diagrams")
def diagrams(principal: Reader) -> DiagramsOut:
    """The life-cycle machines as mermaid state diagrams."""
    return DiagramsOut(
        project=PROJECT_LIFE_CYCLE.mermaid(), gate_review=GATE_REVIEW_LIFE_CYCLE.mermaid()
    )
