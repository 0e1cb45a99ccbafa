"""The auditor's audit pages (issue 4): the audit trail with its filters, the hash chain's
head and an on-demand verification, and the replay of a gate decision."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime, time, timedelta
from typing import Annotated, Any
from urllib.parse import urlencode
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from api.deps import JalonDep
from api.web.deps import Page, Viewer
from api.web.templating import render
from domain.authorization import Operation
from domain.errors import DomainError, InvalidCommand
from infrastructure.sqlvalues import timestamp_text
from projections.audit.chain import chain_head
from projections.audit.replay import replay_decision
from projections.audit.verify import verify
from projections.queries.audit import TrailFilter, audit_trail, trail_actor, trail_project

router = APIRouter(include_in_schema=False)
Auditor = Annotated[Viewer, Depends(Page(Operation.AUDIT_READ))]
Text = Annotated[str, Query(max_length=64)]
PAGE_SIZE = 50


@router.get("/audit/trail")
def trail_page(
    request: Request,
    viewer: Auditor,
    jalon: JalonDep,
    project: Text = "",
    actor: Text = "",
    action: Annotated[str, Query(max_length=100, pattern=r"^([A-Za-z]+(\.[A-Za-z]+)?)?$")] = "",
    since: date | None = None,
    until: date | None = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    check: bool = False,
) -> Response:
    zone = jalon.settings.zone
    with jalon.database.reading() as cursor:
        where = TrailFilter(
            project_id=trail_project(project.strip() or None),
            actor=trail_actor(cursor, actor.strip() or None),
            since=timestamp_text(datetime.combine(since, time.min, tzinfo=zone)) if since else None,
            until=timestamp_text(datetime.combine(until + timedelta(days=1), time.min, tzinfo=zone))
            if until
            else None,
            action=action or None,
        )
        rows, total = audit_trail(cursor, where, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
        head = chain_head(cursor)
    verification = verify(jalon.database, jalon.runner.log.table) if check else None
    query = {"project": project, "actor": actor, "action": action, "since": since, "until": until}
    context: dict[str, Any] = {
        "rows": rows,
        "total": total,
        "query": query,
        "page": page,
        "pages": (total + PAGE_SIZE - 1) // PAGE_SIZE,
        "head": head,
        "verification": verification,
        "page_link": lambda n: (
            "/audit/trail?" + urlencode({**request.query_params, "page": str(n)})
        ),
        "check_link": "/audit/trail?" + urlencode({**request.query_params, "check": "true"}),
    }
    return render(request, "audit/trail.html", context, viewer=viewer)


@router.get("/audit/replay")
def replay_page(request: Request, viewer: Auditor, jalon: JalonDep, review: Text = "") -> Response:
    found, problem = None, None
    if review.strip():
        try:
            review_id = UUID(review.strip())
        except ValueError:
            raise InvalidCommand("review: a gate review id (UUID)", field="review") from None
        try:
            with jalon.database.reading() as cursor:
                replayed = replay_decision(cursor, jalon.store, jalon.runner.log.table, review_id)
            found = asdict(replayed) | {"matches_record": replayed.matches_record}
        except DomainError as error:
            problem = error.message
    context = {"review": review, "replay": found, "problem": problem}
    return render(request, "audit/replay.html", context, viewer=viewer)
