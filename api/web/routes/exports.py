"""Downloads: the portfolio view (as filtered on the dashboard), gate decisions, the\nrun/build time share and a project's audit trail."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from api.deps import JalonDep
from api.spreadsheets.exports import decisions_workbook, portfolio_workbook
from api.spreadsheets.reports import audit_trail_workbook, time_share_workbook
from api.spreadsheets.writing import XLSX
from api.web.deps import Page, Viewer
from api.web.routes.activity import MonthText, team_report
from api.web.routes.audit import RegisterQuery, register_filter, register_query
from api.web.routes.portfolio import DashboardQuery, dashboard_query, filtered_portfolio
from api.web.templating import language_of
from domain.authorization import Operation
from domain.errors import NotFound
from infrastructure.database import Cursor
from projections.queries.audit import TrailFilter, audit_trail
from projections.queries.exports import import_rows
from projections.queries.governance import RegisterFilter, decision_register
from projections.queries.portfolio import find_project

router = APIRouter(include_in_schema=False)
MAX_DECISIONS = 100_000
MAX_TRAIL_ROWS = 100_000


def _download(content: bytes, name: str) -> Response:
    return Response(
        content, media_type=XLSX, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


@router.get("/portfolio/export.xlsx")
def portfolio_export(
    request: Request,
    viewer: Annotated[Viewer, Depends(Page(Operation.PORTFOLIO_READ))],
    jalon: JalonDep,
    query: Annotated[DashboardQuery, Depends(dashboard_query)],
) -> Response:
    rows, _, _ = filtered_portfolio(jalon, query)
    with jalon.database.reading() as cursor:
        sheets = import_rows(cursor, [r["id"] for r in rows])
    content = portfolio_workbook(rows, sheets, language_of(request), jalon.settings.zone)
    return _download(content, "jalon-portfolio.xlsx")


def _project(cursor: Cursor, code: str) -> dict[str, Any]:
    found = find_project(cursor, code)
    if found is None:
        raise NotFound(f"project {code} not found")
    return found


@router.get("/projects/{code}/decisions.xlsx")
def project_decisions(
    request: Request,
    code: str,
    viewer: Annotated[Viewer, Depends(Page(Operation.GOVERNANCE_READ))],
    jalon: JalonDep,
) -> Response:
    with jalon.database.reading() as cursor:
        found = _project(cursor, code)
        decisions, _ = decision_register(
            cursor, RegisterFilter(project_id=found["id"]), limit=MAX_DECISIONS
        )
    content = decisions_workbook(decisions, language_of(request), jalon.settings.zone)
    return _download(content, f"jalon-decisions-{found['code']}.xlsx")


@router.get("/audit/decisions.xlsx")
def register_export(
    request: Request,
    viewer: Annotated[Viewer, Depends(Page(Operation.PAGE_AUDIT))],
    jalon: JalonDep,
    query: Annotated[RegisterQuery, Depends(register_query)],
) -> Response:
    where = register_filter(jalon, query)
    with jalon.database.reading() as cursor:
        decisions, _ = decision_register(cursor, where, limit=MAX_DECISIONS)
    content = decisions_workbook(decisions, language_of(request), jalon.settings.zone)
    return _download(content, "jalon-decisions.xlsx")


@router.get("/time-share.xlsx")
def time_share_export(
    request: Request,
    viewer: Annotated[Viewer, Depends(Page(Operation.REPORT_READ))],
    jalon: JalonDep,
    to: MonthText = None,
) -> Response:
    report = team_report(jalon, to)
    content = time_share_workbook(report, language_of(request), jalon.settings.zone)
    return _download(content, f"jalon-time-share-{report['from']}-{report['to']}.xlsx")


@router.get("/projects/{code}/history.xlsx")
def project_history_export(
    request: Request,
    code: str,
    viewer: Annotated[Viewer, Depends(Page(Operation.AUDIT_READ))],
    jalon: JalonDep,
) -> Response:
    with jalon.database.reading() as cursor:
        found = _project(cursor, code)
        rows, _ = audit_trail(
            cursor, TrailFilter(project_id=str(found["id"])), limit=MAX_TRAIL_ROWS, offset=0
        )
    content = audit_trail_workbook(rows, language_of(request), jalon.settings.zone)
    return _download(content, f"jalon-history-{found['code']}.xlsx")
