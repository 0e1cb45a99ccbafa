"""The portfolio dashboard: every project with its phase, QCDR weather, budget consumption,
next milestone and gate status; filters, sort and search (htmx swaps the results)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from api.deps import JalonDep
from api.web.deps import Page, Viewer
from api.web.sections import DASHBOARD_CONTROLS
from api.web.templating import render
from domain.authorization import Operation
from domain.errors import InvalidCommand
from domain.values import ProjectKind, Weather
from lifecycle.phases import Phase
from projections.queries.pages import portfolio_managers
from projections.queries.people import list_reference
from projections.queries.portfolio import SORTABLE, PortfolioFilter, list_portfolio

router = APIRouter(include_in_schema=False)
Reader = Annotated[Viewer, Depends(Page(Operation.PORTFOLIO_READ))]
Text = Annotated[str, Query(max_length=100)]
MAX_ROWS = 500


@dataclass(frozen=True)
class DashboardQuery:
    """The filters as typed in the form; empty means any."""

    establishment: str = ""
    phase: str = ""
    kind: str = ""
    weather: str = ""
    manager: str = ""
    search: str = ""
    sort: str = "code"

    def checked(self, choices: dict[str, set[str]]) -> PortfolioFilter:
        for name, allowed in choices.items():
            value = getattr(self, name)
            if value and value not in allowed:
                raise InvalidCommand(f"{name}: unknown value {value!r}", field=name)
        if self.sort not in SORTABLE:
            raise InvalidCommand(f"sort: unknown value {self.sort!r}", field="sort")
        return PortfolioFilter(
            establishment=self.establishment or None,
            phase=self.phase or None,
            kind=self.kind or None,
            weather=self.weather or None,
            manager_id=self.manager or None,
            search=self.search.strip() or None,
        )


def dashboard_query(
    establishment: Text = "",
    phase: Text = "",
    kind: Text = "",
    weather: Text = "",
    manager: Text = "",
    search: Text = "",
    sort: Text = "code",
) -> DashboardQuery:
    return DashboardQuery(establishment, phase, kind, weather, manager, search, sort)


def consumption(row: dict[str, Any]) -> float | None:
    """Spent over approved envelope (None without an envelope)."""
    envelope = row["budget"]["envelope"]
    return float(row["budget"]["spent"] / envelope) if envelope else None


def filtered_portfolio(
    jalon: JalonDep, query: DashboardQuery
) -> tuple[list[dict[str, Any]], int, dict[str, Any]]:
    with jalon.database.reading() as cursor:
        options = {
            "establishments": list_reference(cursor, "establishment"),
            "managers": portfolio_managers(cursor),
        }
        where = query.checked(
            {
                "establishment": {e["code"] for e in options["establishments"]},
                "phase": {p.value for p in Phase},
                "kind": {k.value for k in ProjectKind},
                "weather": {w.value for w in Weather},
                "manager": {m["id"] for m in options["managers"]},
            }
        )
        rows, total = list_portfolio(cursor, where, sort=query.sort, limit=MAX_ROWS)
    return rows, total, options


@router.get("/portfolio")
def dashboard(
    request: Request,
    viewer: Reader,
    jalon: JalonDep,
    query: Annotated[DashboardQuery, Depends(dashboard_query)],
) -> Response:
    rows, total, options = filtered_portfolio(jalon, query)
    for row in rows:
        row["consumption"] = consumption(row)
    context = {
        "rows": rows,
        "total": total,
        "query": query,
        "options": options,
        "phases": [p.value for p in Phase],
        "kinds": [k.value for k in ProjectKind],
        "weathers": [w.value for w in Weather],
        "sorts": list(SORTABLE),
        "controls": DASHBOARD_CONTROLS,
        "export_query": request.url.query,
    }
    partial = request.headers.get("HX-Request") and not request.headers.get(
        "HX-History-Restore-Request"
    )
    template = "portfolio/_results.html" if partial else "portfolio/dashboard.html"
    return render(request, template, context, viewer=viewer)
