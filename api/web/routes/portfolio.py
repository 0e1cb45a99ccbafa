"""The portfolio dashboard: every project with its phase, QCDR weather, budget consumption,
next milestone and gate status; filters, sort and search (htmx swaps the results); the
portfolio as of a past day and the changes since a day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Annotated, Any
from zoneinfo import ZoneInfo

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
from projections.queries.escalations import open_escalations_by_project
from projections.queries.pages import portfolio_managers
from projections.queries.people import list_reference
from projections.queries.portfolio import SORTABLE, PortfolioFilter, list_portfolio
from projections.queries.portfolio_diff import portfolio_diff

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
    as_of: str = ""  # a day: the portfolio at 00:00 that day, in the group's time zone
    since: str = ""  # a day: the changes from 00:00 that day up to `as_of` (or now)

    def instant(self, name: str, zone: ZoneInfo) -> datetime | None:
        """The first instant of the day typed in field `name`, or None when empty."""
        text = getattr(self, name)
        if not text:
            return None
        try:
            day = date.fromisoformat(text)
        except ValueError:
            raise InvalidCommand(
                f"{name}: {text!r} is not a date (YYYY-MM-DD)", field=name
            ) from None
        if not 1900 <= day.year <= 2200:
            raise InvalidCommand(f"{name}: not between the years 1900 and 2200", field=name)
        return datetime.combine(day, time(0), tzinfo=zone)

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
    as_of: Text = "",
    since: Text = "",
) -> DashboardQuery:
    return DashboardQuery(establishment, phase, kind, weather, manager, search, sort, as_of, since)


def consumption(row: dict[str, Any]) -> float | None:
    """Spent over approved envelope (None without an envelope)."""
    envelope = row["budget"]["envelope"]
    return float(row["budget"]["spent"] / envelope) if envelope else None


def filtered_portfolio(
    jalon: JalonDep, query: DashboardQuery
) -> tuple[list[dict[str, Any]], int, dict[str, Any]]:
    with jalon.database.reading() as cursor:
        options: dict[str, Any] = {
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
        zone = jalon.settings.zone
        as_of, since = query.instant("as_of", zone), query.instant("since", zone)
        rows, total = list_portfolio(cursor, where, sort=query.sort, limit=MAX_ROWS, as_of=as_of)
        escalated = open_escalations_by_project(cursor, as_of)
        for row in rows:
            row["open_escalations"] = escalated.get(str(row["id"]), 0)
        if since is not None:
            until = as_of or datetime.now(UTC)
            if until < since:
                raise InvalidCommand("since: must not be after the “as of” day", field="since")
            options["changes"] = portfolio_diff(cursor, since, until, where)
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
        "changes": options.get("changes"),
    }
    partial = request.headers.get("HX-Request") and not request.headers.get(
        "HX-History-Restore-Request"
    )
    template = "portfolio/_results.html" if partial else "portfolio/dashboard.html"
    return render(request, template, context, viewer=viewer)
