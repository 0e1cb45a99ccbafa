"""Audit: the hash chain's head, the audit trail. Read-only: auditors, the PMO and
administrators (`audit.read`)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Query

from api.deps import Allow, JalonDep
from api.routing import JalonRoute
from api.schemas.audit import ChainHeadOut, ReplayOut, TrailRowOut
from api.schemas.common import ErrorOut, Instant, Page
from domain.authorization import Operation
from domain.principal import Principal
from infrastructure.sqlvalues import timestamp_text
from projections.audit.chain import chain_head
from projections.audit.replay import replay_decision
from projections.queries.audit import TrailFilter, audit_trail, trail_actor, trail_project

router = APIRouter(route_class=JalonRoute, prefix="/api/v1/audit", tags=["audit"])
replays = APIRouter(route_class=JalonRoute, prefix="/api/v1", tags=["audit"])

Auditor = Annotated[Principal, Depends(Allow(Operation.AUDIT_READ))]
Text = Annotated[str | None, Query(min_length=1, max_length=100)]


@router.get("/head")
def head(principal: Auditor, jalon: JalonDep) -> ChainHeadOut:
    """The head of the hash chain over the event log: publish (position, link) elsewhere;
    `jalon audit verify --anchor POSITION:LINK` later proves the log unchanged up to it."""
    with jalon.database.reading() as cursor:
        found = chain_head(cursor)
        log_position = jalon.runner.log.head(cursor)
    return ChainHeadOut(position=found.position, link=found.link, log_position=log_position)


@router.get("/trail")
def trail(
    principal: Auditor,
    jalon: JalonDep,
    project: Annotated[
        str | None, Query(min_length=1, max_length=64, description="id or code")
    ] = None,
    actor: Annotated[
        str | None,
        Query(min_length=1, max_length=64, description='a person id, number ("#12") or "system"'),
    ] = None,
    from_: Annotated[Instant | None, Query(alias="from")] = None,
    to: Instant | None = None,
    action: Annotated[
        str | None,
        Query(
            pattern=r"^[A-Za-z]{1,40}(\.[A-Za-z]{1,60})?$",
            description='an event type ("Project.BudgetRecorded") or an object type ("Project")',
        ),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> Page[TrailRowOut]:
    """One row per event, in global order: who did what to which object, the fields changed
    (before → after) and why. People are named from the directory at read time."""
    with jalon.database.reading() as cursor:
        where = TrailFilter(
            project_id=trail_project(project),
            actor=trail_actor(cursor, actor),
            since=_instant(from_),
            until=_instant(to),
            action=action,
        )
        items, total = audit_trail(cursor, where, limit=limit, offset=offset)
    return Page[TrailRowOut](
        items=[TrailRowOut.model_validate(i) for i in items],
        total=total,
        limit=limit,
        offset=offset,
    )


def _instant(value: datetime | None) -> str | None:
    if value is None:
        return None
    return timestamp_text(value if value.tzinfo else value.replace(tzinfo=UTC))


@replays.get(
    "/gate-reviews/{review_id}/replay",
    responses={409: {"description": "the review has no decision yet", "model": ErrorOut}},
)
def replay(review_id: UUID, principal: Auditor, jalon: JalonDep) -> ReplayOut:
    """The recorded decision of a gate review replayed: the project as it stood then, the
    deliverables submitted then, the rule set in force (by hash), whether it allowed the
    decision, and whether all of it matches what was recorded. 409 before any decision."""
    with jalon.database.reading() as cursor:
        found = replay_decision(cursor, jalon.store, jalon.runner.log.table, review_id)
    return ReplayOut.model_validate(asdict(found) | {"matches_record": found.matches_record})
