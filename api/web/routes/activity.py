"""The activity pages: run/build time share per team over twelve months (chart and table,
with the teams above the run-share threshold) and the MCO services' commitments of a month."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from api.deps import JalonDep
from api.web import charts
from api.web.deps import Page, Viewer
from api.web.i18n import Formats, translations
from api.web.templating import language_of, render
from domain.authorization import Operation
from domain.calendar import Month
from infrastructure.bootstrap import Jalon
from projections.queries.commitments import commitments_report
from projections.queries.timeshare import run_share_ceiling_in_force, time_share_report

router = APIRouter(include_in_schema=False)
Reader = Annotated[Viewer, Depends(Page(Operation.REPORT_READ))]
MonthText = Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}$")]
SHOWN_MONTHS = 12


def team_report(jalon: Jalon, to: str | None) -> dict[str, Any]:
    last = Month.parse(to, field="to") if to else Month.of(jalon.today())
    with jalon.database.reading() as cursor:
        return time_share_report(
            cursor, first=last.plus(1 - SHOWN_MONTHS), last=last, by="team",
            ceiling=run_share_ceiling_in_force(cursor, jalon.now()),
        )  # fmt: skip


def _months(report: dict[str, Any]) -> list[str]:
    return [cell["month"] for cell in report["group"]["months"]]


@router.get("/time-share")
def time_share_page(
    request: Request, viewer: Reader, jalon: JalonDep, to: MonthText = None
) -> Response:
    report = team_report(jalon, to)
    teams = [row for row in report["rows"] if row["key"] is not None]
    context = {
        "report": report,
        "teams": teams,
        "unassigned": [row for row in report["rows"] if row["key"] is None],
        "months": _months(report),
        "to": report["to"],
    }
    return render(request, "activity/time_share.html", context, viewer=viewer)


@router.get("/time-share/chart.svg")
def time_share_chart(
    request: Request, viewer: Reader, jalon: JalonDep, to: MonthText = None
) -> Response:
    report = team_report(jalon, to)
    language = language_of(request)
    svg = charts.run_share_by_team(
        [row for row in report["rows"] if row["key"] is not None],
        _months(report),
        report["run_share_threshold"],
        Formats(language, jalon.settings.zone),
        translations(language).gettext,
    )
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "no-store"})


@router.get("/mco")
def commitments_page(
    request: Request, viewer: Reader, jalon: JalonDep, month: MonthText = None
) -> Response:
    """Default: last month, the latest that can be complete."""
    chosen = Month.parse(month, field="month") if month else Month.of(jalon.today()).previous()
    with jalon.database.reading() as cursor:
        report = commitments_report(cursor, chosen, zone=jalon.settings.zone, now=jalon.now())
    context = {
        "report": report,
        "previous": str(chosen.previous()),
        "next": str(chosen.plus(1)) if chosen < Month.of(jalon.today()) else None,
    }
    return render(request, "activity/mco.html", context, viewer=viewer)
