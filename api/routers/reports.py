"""Reports: run/build time share, MCO commitments."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query

from api.deps import Allow, JalonDep
from api.routing import JalonRoute
from api.schemas.reports import CommitmentsReport, TimeShareReport
from domain.authorization import Operation
from domain.calendar import Month
from domain.errors import InvalidCommand
from domain.principal import Principal
from governance_rules.run_share import RunShareCeiling
from projections.queries.commitments import commitments_report
from projections.queries.timeshare import run_share_ceiling_in_force, time_share_report

router = APIRouter(route_class=JalonRoute, prefix="/api/v1/reports", tags=["reports"])

Reader = Annotated[Principal, Depends(Allow(Operation.REPORT_READ))]
MonthQuery = Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}$")]
MAX_MONTHS = 60


@router.get("/time-share")
def time_share(
    principal: Reader,
    jalon: JalonDep,
    from_: Annotated[str | None, Query(alias="from", pattern=r"^\d{4}-\d{2}$")] = None,
    to: MonthQuery = None,
    by: Literal["team", "establishment"] = "team",
    run_share_threshold: Annotated[
        Decimal | None,
        Query(
            ge=0,
            le=1,
            description="flag a team whose run share exceeds this fraction "
            "(default: the threshold of the rule set in force, 0.70 before any)",
        ),
    ] = None,
) -> TimeShareReport:
    """Validated hours on run vs build per month, per team or establishment and for the
    whole group, with the run share, its 12-month trend, the teams above the run-share
    threshold, and how much recorded time is not validated yet. Default: the last 12 months."""
    last = Month.parse(to, field="to") if to else Month.of(jalon.today())
    first = Month.parse(from_, field="from") if from_ else last.plus(-11)
    if last < first or first.plus(MAX_MONTHS - 1) < last:
        raise InvalidCommand(f"from..to must be 1 to {MAX_MONTHS} months", field="to")
    with jalon.database.reading() as cursor:
        ceiling = (
            RunShareCeiling(run_share_threshold)
            if run_share_threshold is not None
            else run_share_ceiling_in_force(cursor, jalon.now())
        )
        report = time_share_report(cursor, first=first, last=last, by=by, ceiling=ceiling)
    return TimeShareReport.model_validate(report)


@router.get("/commitments")
def commitments(principal: Reader, jalon: JalonDep, month: MonthQuery = None) -> CommitmentsReport:
    """Each MCO service in the month: availability achieved vs target, priority-1 incidents
    over the resolution limit, met / missed / not measured. Default: last month."""
    chosen = Month.parse(month) if month else Month.of(jalon.today()).previous()
    with jalon.database.reading() as cursor:
        report = commitments_report(cursor, chosen, zone=jalon.settings.zone, now=jalon.now())
    return CommitmentsReport.model_validate(report)
