"""The Monthly Commitment Review, as JSON or as a workbook."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Response

from api.deps import Allow, JalonDep
from api.routing import JalonRoute
from api.spreadsheets.monthly_review import review_workbook
from api.spreadsheets.writing import XLSX
from domain.authorization import Operation
from domain.calendar import Month
from domain.principal import Principal
from projections.queries.monthly_review import review

router = APIRouter(route_class=JalonRoute, prefix="/api/v1/reports", tags=["reports"])

Reader = Annotated[Principal, Depends(Allow(Operation.REPORT_READ))]
MonthQuery = Annotated[
    str | None, Query(pattern=r"^\d{4}-\d{2}$", description="YYYY-MM (default: last month)")
]


def plain(value: Any) -> Any:
    """Decimals as decimal strings (never floats), recursively."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def _review(jalon: Any, month: str | None) -> dict[str, Any]:
    chosen = Month.parse(month) if month else Month.of(jalon.today()).previous()
    with jalon.database.reading() as cursor:
        return review(cursor, chosen, zone=jalon.settings.zone, now=jalon.now())


@router.get("/monthly-review")
def monthly_review(principal: Reader, jalon: JalonDep, month: MonthQuery = None) -> dict[str, Any]:
    """Every project's weather and its change since last month, budget vs plan, milestones
    due in the month (met / slipped / missed), gate decisions, escalations opened /
    progressing / closed, MCO services met / missed, run/build share per team, and what
    changed since the previous month's review. Amounts and percentages are decimal strings."""
    return dict(plain(_review(jalon, month)))


@router.get(
    "/monthly-review.xlsx", response_class=Response, responses={200: {"content": {XLSX: {}}}}
)
def monthly_review_xlsx(
    principal: Reader, jalon: JalonDep, month: MonthQuery = None, lang: Literal["fr", "en"] = "fr"
) -> Response:
    """The same review as a workbook: one sheet per section."""
    found = _review(jalon, month)
    return Response(
        review_workbook(found, lang),
        media_type=XLSX,
        headers={
            "Content-Disposition": f'attachment; filename="monthly-review-{found["month"]}.xlsx"'
        },
    )
