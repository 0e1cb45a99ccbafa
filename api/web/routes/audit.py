"""The auditor's pages: the decision register, filtered by project, body, outcome and
period, with its xlsx download. (The audit trail, chain verification and decision replay
join these pages with issue 4: see api/web/navigation.py.)"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Annotated, Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from api.deps import JalonDep
from api.web.deps import Page, Viewer
from api.web.templating import render
from domain.authorization import Operation
from domain.errors import InvalidCommand
from infrastructure.bootstrap import Jalon
from infrastructure.sqlvalues import timestamp_text
from lifecycle.gate_review import Outcome
from projections.queries.governance import RegisterFilter, decision_register, list_bodies
from projections.queries.portfolio import find_project

router = APIRouter(include_in_schema=False)
Auditor = Annotated[Viewer, Depends(Page(Operation.PAGE_AUDIT))]
Text = Annotated[str, Query(max_length=40)]
PAGE_SIZE = 50


@dataclass(frozen=True)
class RegisterQuery:
    project: str = ""
    body: str = ""
    outcome: str = ""
    since: date | None = None
    until: date | None = None
    page: int = 1


def register_query(
    project: Text = "",
    body: Text = "",
    outcome: Text = "",
    since: date | None = None,
    until: date | None = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> RegisterQuery:
    return RegisterQuery(project.strip(), body, outcome, since, until, page)


def _start_of(day: date, zone: ZoneInfo) -> str:
    return timestamp_text(datetime.combine(day, time.min, tzinfo=zone))


def register_filter(jalon: Jalon, query: RegisterQuery) -> RegisterFilter:
    """The page's filters as the register's: a project by code, days in the group's zone
    (`until` inclusive)."""
    zone = jalon.settings.zone
    project_id = None
    if query.project:
        with jalon.database.reading() as cursor:
            found = find_project(cursor, query.project)
        if found is None:
            raise InvalidCommand(f"no project {query.project}", field="project")
        project_id = found["id"]
    if query.outcome and query.outcome not in {o.value for o in Outcome}:
        raise InvalidCommand(f"outcome: unknown value {query.outcome!r}", field="outcome")
    return RegisterFilter(
        project_id=project_id,
        body_id=query.body or None,
        outcome=query.outcome or None,
        since=_start_of(query.since, zone) if query.since else None,
        until=_start_of(query.until + timedelta(days=1), zone) if query.until else None,
    )


@router.get("/audit/decisions")
def register_page(
    request: Request,
    viewer: Auditor,
    jalon: JalonDep,
    query: Annotated[RegisterQuery, Depends(register_query)],
) -> Response:
    where = register_filter(jalon, query)
    offset = (query.page - 1) * PAGE_SIZE
    with jalon.database.reading() as cursor:
        rows, total = decision_register(cursor, where, limit=PAGE_SIZE, offset=offset)
        bodies = list_bodies(cursor)
    context: dict[str, Any] = {
        "rows": rows,
        "total": total,
        "query": query,
        "bodies": bodies,
        "outcomes": [o.value for o in Outcome],
        "pages": (total + PAGE_SIZE - 1) // PAGE_SIZE,
        "export_query": request.url.query,
        "page_link": lambda n: _with_page(request, n),
    }
    return render(request, "audit/decisions.html", context, viewer=viewer)


def _with_page(request: Request, page: int) -> str:
    return "/audit/decisions?" + urlencode({**request.query_params, "page": str(page)})
