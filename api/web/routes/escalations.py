"""The escalation board (open cases by state, with counts) and the Monthly Commitment
Review on screen, with its workbook in the page's language."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from api.deps import JalonDep
from api.spreadsheets.monthly_review import review_workbook
from api.spreadsheets.writing import XLSX
from api.web.deps import Page, Viewer
from api.web.i18n import N_
from api.web.labels import LABELS
from api.web.templating import language_of, render
from domain.authorization import Operation, may
from domain.calendar import Month
from infrastructure.bootstrap import Jalon
from projections.queries.escalations import board
from projections.queries.monthly_review import review
from projections.queries.pages import enabled_people, open_projects

router = APIRouter(include_in_schema=False)
Reader = Annotated[Viewer, Depends(Page(Operation.ESCALATION_READ))]
ReportReader = Annotated[Viewer, Depends(Page(Operation.REPORT_READ))]
MonthQuery = Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}$")]

STATE_NAMES = LABELS["escalation_state"]
RULE_NAMES = {
    "forecast_over_envelope": N_("Forecast over the envelope"),
    "milestone_slip": N_("Milestone slipping"),
    "consecutive_red_weathers": N_("Consecutive red weathers"),
    "missing_monthly_report": N_("Missing monthly report"),
    "mco_commitment_missed": N_("MCO commitment missed"),
    "run_share_above_ceiling": N_("Run share above the ceiling"),
}
MILESTONE_STATUS = {
    "met": N_("met"),
    "slipped": N_("slipped"),
    "missed": N_("missed"),
    "due": N_("due"),
}
TRENDS = {
    "better": N_("better"),
    "same": N_("same"),
    "worse": N_("worse"),
    "new": N_("new"),
    "none": N_("none"),
}
SECTIONS = {"opened": N_("opened"), "progressing": N_("progressing"), "closed": N_("closed")}


@router.get("/escalations")
def escalation_board(request: Request, viewer: Reader, jalon: JalonDep) -> Response:
    can_open = may(viewer.principal, Operation.ESCALATION_MANAGE)
    with jalon.database.reading() as cursor:
        found = board(cursor)
        projects = open_projects(cursor) if can_open else []
        people = enabled_people(cursor) if can_open else []
    context: dict[str, Any] = {
        "board": found, "states": STATE_NAMES, "rules": RULE_NAMES, "can_open": can_open,
        "projects": projects, "people": people,
    }  # fmt: skip
    return render(request, "escalations/board.html", context, viewer=viewer)


def _month(jalon: Jalon, month: str | None) -> Month:
    return Month.parse(month) if month else Month.of(jalon.today()).previous()


@router.get("/monthly-review")
def monthly_review_page(
    request: Request, viewer: ReportReader, jalon: JalonDep, month: MonthQuery = None
) -> Response:
    chosen = _month(jalon, month)
    with jalon.database.reading() as cursor:
        found = review(cursor, chosen, zone=jalon.settings.zone, now=jalon.now())
    context: dict[str, Any] = {
        "review": found, "month": str(chosen), "previous": str(chosen.previous()),
        "next": str(chosen.next()), "rules": RULE_NAMES, "states": STATE_NAMES,
        "milestone_status": MILESTONE_STATUS, "trends": TRENDS, "sections": SECTIONS,
    }  # fmt: skip
    return render(request, "escalations/monthly_review.html", context, viewer=viewer)


@router.get("/monthly-review.xlsx")
def monthly_review_download(
    request: Request, viewer: ReportReader, jalon: JalonDep, month: MonthQuery = None
) -> Response:
    chosen = _month(jalon, month)
    with jalon.database.reading() as cursor:
        found = review(cursor, chosen, zone=jalon.settings.zone, now=jalon.now())
    workbook = review_workbook(found, "en" if language_of(request) == "en" else "fr")
    return Response(
        workbook,
        media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="monthly-review-{chosen}.xlsx"'},
    )
