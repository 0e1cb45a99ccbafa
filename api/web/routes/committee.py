"""The committee desk: the gate reviews awaiting the bodies the member sits on, with the
deliverables to read; open the meeting, vote, decide or defer, through the same services as
the API."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from api.deps import JalonDep
from api.web.deps import Action, Page, Viewer
from api.web.i18n import N_
from api.web.templating import render
from domain.authorization import Operation
from domain.services.results import CommandResult
from infrastructure.bootstrap import Jalon
from lifecycle.gate_review import Outcome, Vote
from projections.queries.governance import QueueFilter, find_body, review_queue
from projections.queries.pages import bodies_of_member

router = APIRouter(include_in_schema=False)
Desk = Annotated[Viewer, Depends(Page(Operation.PAGE_COMMITTEE))]
Conductor = Annotated[Viewer, Depends(Action(Operation.REVIEW_CONDUCT))]
Voter = Annotated[Viewer, Depends(Action(Operation.REVIEW_VOTE))]
Decider = Annotated[Viewer, Depends(Action(Operation.REVIEW_DECIDE))]
Reason = Annotated[str, Form(max_length=2000)]

NOTICES = {
    "opened": N_("The meeting is open."),
    "voted": N_("Your vote is recorded."),
    "decided": N_("The decision is recorded."),
    "deferred": N_("The review is deferred to its new date."),
}
DECISIONS = [Outcome.APPROVED, Outcome.APPROVED_WITH_CONDITIONS, Outcome.REJECTED]


def desk(jalon: Jalon, person_id: str) -> list[dict[str, Any]]:
    """Each body the person sits on, its members and the reviews awaiting it."""
    with jalon.database.reading() as cursor:
        bodies = bodies_of_member(cursor, person_id)
        for body in bodies:
            found = find_body(cursor, body["id"])
            body["members"] = found["members"] if found else []
            body["reviews"] = review_queue(cursor, QueueFilter(body_id=body["id"]))
            for review in body["reviews"]:
                present = {p["id"] for p in review["present"]}
                review["viewer_present"] = person_id in present
                review["vote_of"] = {v["member"]["id"]: v for v in review["votes"]}
                mine = review["vote_of"].get(person_id)
                review["viewer_vote"] = mine["vote"] if mine else None
    return bodies


@router.get("/committee")
def committee_page(
    request: Request, viewer: Desk, jalon: JalonDep, notice: str | None = None
) -> Response:
    context = {
        "bodies": desk(jalon, str(viewer.principal.person_id)),
        "notice": NOTICES.get(notice or ""),
        "votes": [v.value for v in Vote],
        "outcomes": [o.value for o in DECISIONS],
    }
    return render(request, "committee/desk.html", context, viewer=viewer)


def done(jalon: Jalon, result: CommandResult, notice: str, review_id: UUID) -> Response:
    jalon.wait_for(result.position)
    return RedirectResponse(f"/committee?notice={notice}#review-{review_id}", status_code=303)


@router.post("/committee/reviews/{review_id}/open")
def open_meeting(
    review_id: UUID,
    viewer: Conductor,
    jalon: JalonDep,
    present: Annotated[list[UUID], Form(max_length=100)],
) -> Response:
    result = jalon.gate_reviews.open_session(viewer.principal, review_id, present=present)
    return done(jalon, result, "opened", review_id)


@router.post("/committee/reviews/{review_id}/vote")
def vote(
    review_id: UUID,
    viewer: Voter,
    jalon: JalonDep,
    choice: Annotated[Vote, Form(alias="vote")],
    comment: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    result = jalon.gate_reviews.vote(viewer.principal, review_id, vote=choice, comment=comment)
    return done(jalon, result, "voted", review_id)


@router.post("/committee/reviews/{review_id}/decision")
def decide(
    review_id: UUID,
    viewer: Decider,
    jalon: JalonDep,
    outcome: Annotated[Outcome, Form()],
    reason: Reason,
    conditions: Annotated[str, Form(max_length=20_000)] = "",
) -> Response:
    """Conditions: one per line."""
    result = jalon.gate_reviews.decide(
        viewer.principal,
        review_id,
        outcome=outcome,
        reason=reason,
        conditions=[line.strip() for line in conditions.splitlines() if line.strip()],
    )
    return done(jalon, result, "decided", review_id)


@router.post("/committee/reviews/{review_id}/deferral")
def defer(
    review_id: UUID,
    viewer: Decider,
    jalon: JalonDep,
    new_date: Annotated[date, Form()],
    reason: Reason,
) -> Response:
    result = jalon.gate_reviews.defer(viewer.principal, review_id, new_date=new_date, reason=reason)
    return done(jalon, result, "deferred", review_id)
