"""Time sheets: one per person and ISO week. People record and submit their own (the PMO may
for them); project managers and team leads validate or reject; the PMO sees all."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Path, Query, Response, status

from api.deps import Allow, JalonDep, committed
from api.routing import JalonRoute
from api.schemas.common import Page
from api.schemas.timesheets import (
    SheetCommandOut,
    SheetDecision,
    SheetDetail,
    SheetIn,
    SheetOut,
    SheetRejection,
    SheetSubmit,
)
from domain.authorization import Operation, Scope, scopes_of
from domain.errors import Forbidden, NotFound
from domain.principal import Principal
from domain.services.timesheets import SheetResult
from domain.timesheet import LineInput
from infrastructure.bootstrap import Jalon
from lifecycle.timesheet import SheetState
from projections.queries.timesheets import (
    SheetFilter,
    SheetVisibility,
    list_sheets,
    sheet_detail,
    sheet_exists,
)

router = APIRouter(route_class=JalonRoute, prefix="/api/v1/timesheets", tags=["time sheets"])

Reader = Annotated[Principal, Depends(Allow(Operation.TIMESHEET_READ))]
Recorder = Annotated[Principal, Depends(Allow(Operation.TIMESHEET_RECORD))]
Validator = Annotated[Principal, Depends(Allow(Operation.TIMESHEET_VALIDATE))]
Week = Annotated[str, Path(pattern=r"^\d{4}-W\d{2}$", description="ISO week, e.g. 2025-W40")]
WeekQuery = Annotated[str | None, Query(pattern=r"^\d{4}-W\d{2}$")]


def visibility(principal: Principal) -> SheetVisibility:
    """The sheets the matrix lets this caller read."""
    scopes = set(scopes_of(principal, Operation.TIMESHEET_READ))
    me = str(principal.person_id) if principal.person_id else None
    return SheetVisibility(
        everything=Scope.ALL in scopes,
        person_id=me if Scope.SELF in scopes else None,
        manager_id=me if Scope.OWN_PROJECT in scopes else None,
        lead_id=me if Scope.OWN_TEAM in scopes else None,
    )


@router.get("")
def sheets(
    principal: Reader,
    jalon: JalonDep,
    person_id: UUID | None = None,
    project_id: UUID | None = None,
    state: SheetState | None = None,
    week_from: WeekQuery = None,
    week_to: WeekQuery = None,
    awaiting_my_decision: Annotated[
        bool, Query(description="submitted sheets of others with lines the caller may decide")
    ] = False,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> Page[SheetOut]:
    """The sheets the caller may see: their own; those with lines on projects they manage;
    those of the teams they lead; all for the PMO, administrators and auditors."""
    where = SheetFilter(
        person_id=str(person_id) if person_id else None,
        project_id=str(project_id) if project_id else None,
        state=state.value if state else None,
        week_from=week_from,
        week_to=week_to,
    )
    me = str(principal.person_id) if principal.person_id else None
    with jalon.database.reading() as cursor:
        rows, total = list_sheets(
            cursor, visibility(principal), where, awaiting=awaiting_my_decision, me=me,
            limit=limit, offset=offset,
        )  # fmt: skip
    return Page[SheetOut](
        items=[SheetOut.model_validate(r) for r in rows], total=total, limit=limit, offset=offset
    )


@router.get("/{person_id}/{week}")
def sheet(person_id: UUID, week: Week, principal: Reader, jalon: JalonDep) -> SheetDetail:
    with jalon.database.reading() as cursor:
        found = sheet_detail(cursor, visibility(principal), str(person_id), week)
        exists = found is not None or sheet_exists(cursor, str(person_id), week)
    if found is None:
        if exists:
            raise Forbidden(
                "time sheets are read by their owner, those who validate them, the PMO and auditors"
            )
        raise NotFound(f"no {week} sheet for person {person_id}")
    return SheetDetail.model_validate(found)


@router.put("/{person_id}/{week}")
def record(
    person_id: UUID,
    week: Week,
    body: SheetIn,
    principal: Recorder,
    jalon: JalonDep,
    response: Response,
) -> SheetCommandOut:
    """Create the week's sheet as a draft or replace its lines (correcting a rejected sheet,
    or withdrawing a submitted one nobody approved yet). Above the weekly ceiling the sheet
    is accepted with a warning."""
    lines = [LineInput(line.project_id, line.hours, line.activity) for line in body.lines]
    result = jalon.timesheets.record(
        principal, person_id, week, lines, expected_version=body.expected_version
    )
    return _answer(jalon, result, response)


@router.post("/{person_id}/{week}/submit")
def submit(
    person_id: UUID,
    week: Week,
    body: SheetSubmit,
    principal: Recorder,
    jalon: JalonDep,
    response: Response,
) -> SheetCommandOut:
    result = jalon.timesheets.submit(
        principal, person_id, week, expected_version=body.expected_version
    )
    return _answer(jalon, result, response)


@router.post("/{person_id}/{week}/validate")
def validate(
    person_id: UUID,
    week: Week,
    body: SheetDecision,
    principal: Validator,
    jalon: JalonDep,
    response: Response,
) -> SheetCommandOut:
    """Approve the lines of the projects named, or of every waiting project the caller may
    decide: a project manager their projects, a team lead their team's sheets."""
    result = jalon.timesheets.validate(
        principal, person_id, week, projects=body.projects, expected_version=body.expected_version
    )
    return _answer(jalon, result, response)


@router.post("/{person_id}/{week}/reject", status_code=status.HTTP_200_OK)
def reject(
    person_id: UUID,
    week: Week,
    body: SheetRejection,
    principal: Validator,
    jalon: JalonDep,
    response: Response,
) -> SheetCommandOut:
    result = jalon.timesheets.reject(
        principal, person_id, week, reason=body.reason, projects=body.projects,
        expected_version=body.expected_version,
    )  # fmt: skip
    return _answer(jalon, result, response)


def _answer(jalon: Jalon, result: SheetResult, response: Response) -> SheetCommandOut:
    done = committed(jalon, result, response)
    return SheetCommandOut(**done.model_dump(), warnings=list(result.warnings))
