"""The portfolio: every project's current row, filtered and paginated."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Query

from api.deps import Allow, JalonDep
from api.schemas.common import Page
from api.schemas.projects import PortfolioRow
from domain.authorization import Operation
from domain.principal import Principal
from domain.values import ProjectKind, Weather
from lifecycle.phases import Phase
from projections.queries.portfolio import SORTABLE, PortfolioFilter, list_portfolio

router = APIRouter(prefix="/api/v1/portfolio", tags=["portfolio"])

Reader = Annotated[Principal, Depends(Allow(Operation.PORTFOLIO_READ))]
SortKey = Literal[
    "code", "name", "establishment", "phase", "updated_at", "slippage", "criticality", "forecast"
]
assert set(SortKey.__args__) == set(SORTABLE)  # type: ignore[attr-defined]


@router.get("")
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
) -> Page[PortfolioRow]:
    where = PortfolioFilter(
        establishment=establishment.upper() if establishment else None,
        kind=kind.value if kind else None,
        phase=phase.value if phase else None,
        functional_area=functional_area.upper() if functional_area else None,
        manager_id=str(manager_id) if manager_id else None,
        weather=weather.value if weather else None,
        search=search,
    )
    with jalon.database.reading() as cursor:
        rows, total = list_portfolio(cursor, where, sort=sort, limit=limit, offset=offset)
    return Page[PortfolioRow](
        items=[PortfolioRow.model_validate(r) for r in rows],
        total=total,
        limit=limit,
        offset=offset,
    )
