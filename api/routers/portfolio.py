"""The portfolio: every project's current row, filtered and paginated."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Response

from api.deps import KEPT_ANSWER, Allow, JalonDep
from api.routing import JalonRoute
from api.schemas.common import Instant, Page
from api.schemas.encoding import json_bytes
from api.schemas.portfolio_diff import PortfolioDiff
from api.schemas.projects import PortfolioRow
from domain.authorization import Operation
from domain.errors import InvalidCommand
from domain.principal import Principal
from domain.values import ProjectKind, Weather
from domain.visibility import visibility
from lifecycle.phases import Phase
from projections.queries.portfolio import SORTABLE, PortfolioFilter, list_portfolio
from projections.queries.portfolio_diff import portfolio_diff

router = APIRouter(route_class=JalonRoute, prefix="/api/v1/portfolio", tags=["portfolio"])

Reader = Annotated[Principal, Depends(Allow(Operation.PORTFOLIO_READ))]
SortKey = Literal[
    "code", "name", "establishment", "phase", "updated_at", "slippage", "criticality", "forecast"
]
assert set(SortKey.__args__) == set(SORTABLE)  # type: ignore[attr-defined]


@router.get("", response_model=Page[PortfolioRow], openapi_extra=KEPT_ANSWER)
def portfolio(
    principal: Reader,
    jalon: JalonDep,
    establishment: Annotated[str | None, Query(max_length=32)] = None,
    kind: ProjectKind | None = None,
    phase: Phase | None = None,
    functional_area: Annotated[str | None, Query(max_length=32)] = None,
    manager_id: UUID | None = None,
    weather: Annotated[
        Weather | None, Query(description="any QCDR dimension with this weather")
    ] = None,
    search: Annotated[str | None, Query(max_length=100)] = None,
    sort: SortKey = "code",
    limit: Annotated[int, Query(ge=1, le=500)] = 200,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    as_of: Annotated[
        Instant | None,
        Query(description="the portfolio as the view stood at this instant (UTC if no zone)"),
    ] = None,
) -> Response:
    """The rows the caller may see, encoded once (no row models). The answer is kept and
    served again while the views do not change (api/middleware/kept_answers.py)."""
    where = PortfolioFilter(
        establishment=establishment.upper() if establishment else None,
        kind=kind.value if kind else None,
        phase=phase.value if phase else None,
        functional_area=functional_area.upper() if functional_area else None,
        manager_id=str(manager_id) if manager_id else None,
        weather=weather.value if weather else None,
        search=search,
        visible=visibility(principal, Operation.PORTFOLIO_READ),
    )
    instant = _utc(as_of, "as_of") if as_of else None
    with jalon.database.reading() as cursor:
        rows, total = list_portfolio(
            cursor, where, sort=sort, limit=limit, offset=offset, as_of=instant
        )
    body = json_bytes({"items": rows, "total": total, "limit": limit, "offset": offset})
    return Response(body, media_type="application/json")


@router.get("/diff")
def diff(
    principal: Reader,
    jalon: JalonDep,
    start: Annotated[
        Instant | None,
        Query(alias="from", description="an instant (UTC if no zone); default 30 days before `to`"),
    ] = None,
    end: Annotated[
        Instant | None,
        Query(alias="to", description="a later instant (UTC if no zone); default now"),
    ] = None,
    establishment: Annotated[str | None, Query(max_length=32)] = None,
) -> PortfolioDiff:
    """What changed between the portfolio as of `from` and as of `to`: projects added,
    closed or abandoned, phase, weather, budget and next-milestone changes."""
    end_at = _utc(end, "to") if end else datetime.now(UTC)
    start_at = _utc(start, "from") if start else end_at - timedelta(days=30)
    if end_at < start_at:
        raise InvalidCommand("to: must not be before from", field="to")
    where = PortfolioFilter(establishment=establishment.upper() if establishment else None)
    with jalon.database.reading() as cursor:
        changes = portfolio_diff(cursor, start_at, end_at, where)
    return PortfolioDiff.model_validate({"from": start_at, "to": end_at, **changes})


def _utc(instant: datetime, field: str) -> datetime:
    """The instant in UTC (UTC when no zone is given), between the years 1900 and 2200."""
    try:
        aware = (instant if instant.tzinfo else instant.replace(tzinfo=UTC)).astimezone(UTC)
    except OverflowError:
        aware = datetime.min.replace(tzinfo=UTC)
    if not 1900 <= aware.year <= 2200:
        raise InvalidCommand(f"{field}: must be between the years 1900 and 2200", field=field)
    return aware
