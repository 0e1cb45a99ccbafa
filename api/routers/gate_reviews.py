"""Gate reviews: the queue, scheduling, the meeting, votes, decisions, conditions; and the
decision register."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Response

from api.deps import Allow, JalonDep, committed
from api.routing import JalonRoute
from api.schemas.common import CommandOut, Instant, Page
from api.schemas.governance import (
    AttendanceIn,
    DecisionIn,
    DecisionOut,
    DeferralIn,
    RescheduleIn,
    ReviewDetail,
    ReviewOut,
    ScheduleIn,
    VoteIn,
)
from api.schemas.people import ReasonIn
from domain.authorization import Operation
from domain.errors import NotFound
from domain.principal import Principal
from infrastructure.sqlvalues import timestamp_text
from lifecycle.gate_review import Outcome
from projections.queries.governance import (
    QueueFilter,
    RegisterFilter,
    decision_register,
    find_review,
    review_queue,
)

router = APIRouter(route_class=JalonRoute, prefix="/api/v1", tags=["gate reviews"])

Reader = Annotated[Principal, Depends(Allow(Operation.GOVERNANCE_READ))]
Scheduler = Annotated[Principal, Depends(Allow(Operation.REVIEW_SCHEDULE))]
Conductor = Annotated[Principal, Depends(Allow(Operation.REVIEW_CONDUCT))]
Voter = Annotated[Principal, Depends(Allow(Operation.REVIEW_VOTE))]
Decider = Annotated[Principal, Depends(Allow(Operation.REVIEW_DECIDE))]
Lifter = Annotated[Principal, Depends(Allow(Operation.CONDITION_LIFT))]
Withdrawer = Annotated[Principal, Depends(Allow(Operation.REVIEW_WITHDRAW))]
OpenStatus = Literal["requested", "scheduled", "under_review"]


@router.get("/gate-reviews")
def queue(
    principal: Reader,
    jalon: JalonDep,
    body_id: UUID | None = None,
    status: OpenStatus | None = None,
    project_id: UUID | None = None,
) -> list[ReviewOut]:
    """What awaits a decision, per body, with the deliverables to read."""
    where = QueueFilter(
        body_id=str(body_id) if body_id else None,
        status=status,
        project_id=str(project_id) if project_id else None,
    )
    with jalon.database.reading() as cursor:
        rows = review_queue(cursor, where)
    return [ReviewOut.model_validate(r) for r in rows]


@router.get("/gate-reviews/{review_id}")
def review(review_id: UUID, principal: Reader, jalon: JalonDep) -> ReviewDetail:
    with jalon.database.reading() as cursor:
        found = find_review(cursor, str(review_id))
    if found is None:
        raise NotFound(f"gate review {review_id} not found")
    return ReviewDetail.model_validate(found)


@router.post("/gate-reviews/{review_id}/schedule")
def schedule(
    review_id: UUID, body: ScheduleIn, principal: Scheduler, jalon: JalonDep, response: Response
) -> CommandOut:
    """Put the review on a meeting of the body the rule set designates (PMO)."""
    result = jalon.gate_reviews.schedule(principal, review_id, **body.model_dump())
    return committed(jalon, result, response)


@router.post("/gate-reviews/{review_id}/reschedule")
def reschedule(
    review_id: UUID, body: RescheduleIn, principal: Scheduler, jalon: JalonDep, response: Response
) -> CommandOut:
    result = jalon.gate_reviews.reschedule(principal, review_id, **body.model_dump())
    return committed(jalon, result, response)


@router.post("/gate-reviews/{review_id}/open")
def open_session(
    review_id: UUID, body: AttendanceIn, principal: Conductor, jalon: JalonDep, response: Response
) -> CommandOut:
    """Open the meeting on the review, with the members present (the chair or the PMO)."""
    result = jalon.gate_reviews.open_session(principal, review_id, present=body.present)
    return committed(jalon, result, response)


@router.put("/gate-reviews/{review_id}/attendance")
def record_attendance(
    review_id: UUID, body: AttendanceIn, principal: Conductor, jalon: JalonDep, response: Response
) -> CommandOut:
    result = jalon.gate_reviews.record_attendance(principal, review_id, present=body.present)
    return committed(jalon, result, response)


@router.post("/gate-reviews/{review_id}/votes")
def vote(
    review_id: UUID, body: VoteIn, principal: Voter, jalon: JalonDep, response: Response
) -> CommandOut:
    """The caller's vote, as a member present (a later vote replaces theirs)."""
    result = jalon.gate_reviews.vote(principal, review_id, vote=body.vote, comment=body.comment)
    return committed(jalon, result, response)


@router.post("/gate-reviews/{review_id}/decision")
def decide(
    review_id: UUID, body: DecisionIn, principal: Decider, jalon: JalonDep, response: Response
) -> CommandOut:
    """The body's decision, recorded by its chair; an approval moves the project."""
    result = jalon.gate_reviews.decide(
        principal, review_id, outcome=body.outcome, reason=body.reason, conditions=body.conditions
    )
    return committed(jalon, result, response)


@router.post("/gate-reviews/{review_id}/deferral")
def defer(
    review_id: UUID, body: DeferralIn, principal: Decider, jalon: JalonDep, response: Response
) -> CommandOut:
    result = jalon.gate_reviews.defer(
        principal, review_id, new_date=body.new_date, reason=body.reason
    )
    return committed(jalon, result, response)


@router.post("/gate-reviews/{review_id}/conditions/{condition_id}/lift")
def lift_condition(
    review_id: UUID,
    condition_id: UUID,
    body: ReasonIn,
    principal: Lifter,
    jalon: JalonDep,
    response: Response,
) -> CommandOut:
    """Lift a condition of an approval (a member of the body, or the PMO)."""
    result = jalon.gate_reviews.lift_condition(
        principal, review_id, condition_id, reason=body.reason
    )
    return committed(jalon, result, response)


@router.post("/gate-reviews/{review_id}/withdraw")
def withdraw(
    review_id: UUID, body: ReasonIn, principal: Withdrawer, jalon: JalonDep, response: Response
) -> CommandOut:
    result = jalon.gate_reviews.withdraw(principal, review_id, reason=body.reason)
    return committed(jalon, result, response)


@router.get("/decisions")
def register(
    principal: Reader,
    jalon: JalonDep,
    project_id: UUID | None = None,
    body_id: UUID | None = None,
    outcome: Outcome | None = None,
    since: Annotated[
        Instant | None, Query(description="decided at or after (UTC if no zone)")
    ] = None,
    until: Annotated[Instant | None, Query(description="decided before")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> Page[DecisionOut]:
    """The decision register: every decision with body, members present, votes,
    conditions, reason and the hash of the rule set in force."""
    where = RegisterFilter(
        project_id=str(project_id) if project_id else None,
        body_id=str(body_id) if body_id else None,
        outcome=outcome.value if outcome else None,
        since=_utc_text(since),
        until=_utc_text(until),
    )
    with jalon.database.reading() as cursor:
        rows, total = decision_register(cursor, where, limit=limit, offset=offset)
    return Page[DecisionOut](
        items=[DecisionOut.model_validate(r) for r in rows], total=total, limit=limit, offset=offset
    )


def _utc_text(instant: datetime | None) -> str | None:
    if instant is None:
        return None
    return timestamp_text(instant if instant.tzinfo else instant.replace(tzinfo=UTC))
